import { describe, expect, it } from 'vitest';
import { WorkerStartError, startError } from '../../src/worker/start-error.ts';

describe('startError', () => {
  it('tells a file:// user of the static site to open the single file', () => {
    const e = startError('timeout', 'no handshake', {
      protocol: 'file:',
      single: false,
      timeoutMs: 8_000,
    });
    expect(e).toBeInstanceOf(WorkerStartError);
    expect(e.failure).toBe('timeout');
    expect(e.message).toMatch(
      /^The scanning worker could not start: it did not answer within 8 s\./,
    );
    expect(e.message).toContain('sequent.html');
    expect(e.message).toContain('npm start');
  });

  it('points at browser policy when the single file itself cannot start it', () => {
    const e = startError('error', 'SyntaxError at blob:x:1', {
      protocol: 'file:',
      single: true,
      timeoutMs: 8_000,
    });
    expect(e.message).toContain('failed while loading (SyntaxError at blob:x:1)');
    expect(e.message).toContain('Content-Security-Policy');
    expect(e.message).not.toContain('npm start');
    expect(e.detail).toBe('SyntaxError at blob:x:1');
  });

  it('says the browser refused when creating the worker threw', () => {
    const e = startError('blocked', 'SecurityError: denied', {
      protocol: 'http:',
      single: false,
      timeoutMs: 1_500,
    });
    expect(e.failure).toBe('blocked');
    expect(e.message).toContain('refused to create it (SecurityError: denied)');
  });

  it('shows sub-second timeouts with one decimal', () => {
    const e = startError('timeout', '', { protocol: 'http:', single: false, timeoutMs: 400 });
    expect(e.message).toContain('within 0.4 s');
  });
});
