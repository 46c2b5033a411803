import { describe, expect, it } from 'vitest';
import { caseName } from '../../src/ui/lib/case-name.ts';

const NOW = Date.UTC(2026, 11, 4, 17, 5, 30);

describe('caseName', () => {
  it('names a dropped folder after the folder', () => {
    expect(caseName(['incident-42/dc1/security.evtx', 'incident-42/ws7/sysmon.json'], NOW)).toBe(
      'incident-42',
    );
  });
  it('names a single file after the file', () => {
    expect(caseName(['security.evtx'], NOW)).toBe('security.evtx');
  });
  it('names loose files after the first and how many more', () => {
    expect(caseName(['a.evtx', 'b.json', 'c.ndjson'], NOW)).toBe('a.evtx and 2 more');
  });
  it('files from different folders are loose files', () => {
    expect(caseName(['x/a.evtx', 'y/b.json'], NOW)).toBe('a.evtx and 1 more');
  });
  it('falls back to the time when nothing has a name', () => {
    expect(caseName([], NOW)).toBe('Scan 2026-12-04 17:05 UTC');
    expect(caseName(['', '/'], NOW)).toBe('Scan 2026-12-04 17:05 UTC');
  });
  it('keeps very long names readable', () => {
    const name = caseName([`${'n'.repeat(300)}.evtx`], NOW);
    expect(name).toHaveLength(80);
    expect(name.endsWith('…')).toBe(true);
  });
});
