// The CLI's 64-bit record set answers as the page's SeenRecords does, over SYNTHETIC records
// that repeat within and across files, Windows ones (by identity) and others (by text), many
// enough that both of its tables grow several times.
import { describe, expect, it } from 'vitest';
import { RecordFingerprints } from '../../src/cli/record-fingerprints.ts';
import { recordFingerprint, recordKey, SeenRecords } from '../../src/ingest/record-key.ts';

function event(n: number, windows: boolean) {
  const doc = windows
    ? {
        '@timestamp': new Date(Date.UTC(2024, 0, 1, 0, 0, n % 997)).toISOString(),
        winlog: { record_id: n, channel: 'Security', computer_name: `HOST-${n % 7}` },
      }
    : { '@timestamp': '2024-01-01T00:00:00Z', message: `synthetic line ${n}` };
  return { doc, raw: doc };
}

describe('RecordFingerprints', () => {
  it('keeps and drops exactly the records SeenRecords keeps and drops', () => {
    const pages = new SeenRecords();
    const cli = new RecordFingerprints();
    const print = new Uint32Array(3);
    let x = 7;
    const next = (below: number) => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % below;
    };
    const answers = { kept: 0, dropped: 0 };
    for (let i = 0; i < 60_000; i++) {
      // About one in three a repeat of an earlier record, from one of four files.
      const e = event(next(40_000), next(3) > 0);
      const file = next(4);
      recordFingerprint(e, print, 0);
      const expected = pages.first(recordKey(e), file);
      expect(cli.first(print, 0, file)).toBe(expected);
      answers[expected ? 'kept' : 'dropped']++;
    }
    // Both answers, often: a set that kept (or dropped) everything would fail above.
    expect(answers.kept).toBeGreaterThan(20_000);
    expect(answers.dropped).toBeGreaterThan(10_000);
  });

  it('tells a Windows record from a text record of the same fingerprint', () => {
    const cli = new RecordFingerprints();
    const print = new Uint32Array([0x1234, 0x5678, 0]);
    expect(cli.first(print, 0, 0)).toBe(true);
    print[2] = 1;
    expect(cli.first(print, 0, 0)).toBe(true);
    expect(cli.first(print, 0, 0)).toBe(true);
    expect(cli.first(print, 0, 1)).toBe(false);
    print[2] = 0;
    expect(cli.first(print, 0, 1)).toBe(false);
  });

  it('leaves records known by their text unhashed when only one file is read', () => {
    const print = new Uint32Array(3).fill(7);
    expect(recordFingerprint(event(1, false), print, 0, false)).toBe(false);
    expect([...print]).toEqual([7, 7, 7]);
    expect(recordFingerprint(event(1, true), print, 0, false)).toBe(true);
    expect(print[2]).toBe(0);
    expect(recordFingerprint(event(1, false), print, 0)).toBe(true);
    expect(print[2]).toBe(1);
  });
});
