import { describe, expect, it } from 'vitest';
import { MAX_POOL_SIZE, poolSize } from '../../src/worker/pool.ts';

describe('poolSize', () => {
  it('uses one worker per core', () => {
    expect(poolSize(1)).toBe(1);
    expect(poolSize(2)).toBe(2);
    expect(poolSize(6)).toBe(6);
  });
  it('caps at MAX_POOL_SIZE', () => {
    expect(poolSize(64)).toBe(MAX_POOL_SIZE);
    expect(MAX_POOL_SIZE).toBeGreaterThanOrEqual(2);
  });
  it('falls back to one worker when the browser does not say', () => {
    expect(poolSize(0)).toBe(1);
    expect(poolSize(Number.NaN)).toBe(1);
    expect(poolSize(-3)).toBe(1);
  });
  it('rounds down fractional reports', () => {
    expect(poolSize(3.7)).toBe(3);
  });
});
