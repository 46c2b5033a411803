// One event is one key however it arrives (plain, gzip, zip, UTF-16), and different events
// never share one: the keys of real recordings are as many as their events.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { base36, recordKey, SeenRecords } from '../../src/ingest/record-key.ts';
import { fixture, haveShared, ingestBytes, ingestPath, shared } from './helpers.ts';

const FIXTURES = readdirSync(fixture('')).filter((f) => f !== 'README.md');

// The keys as first written: two passes of cyrb53 over the text, Number#toString(36). The
// one-pass hash must give exactly these (keys of a session's stored events meet new ones).
function cyrb53(s: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
const hash106 = (s: string) =>
  cyrb53(s, 0x9e3779b9).toString(36) + ':' + cyrb53(s, 0x85ebca6b).toString(36);

describe('record keys', () => {
  it('base36 writes an integer below 2^53 as toString(36) does', () => {
    const edges = [0, 1, 35, 36, 1295, 1296, 2176782335, 2176782336, 2176782337, 2 ** 32];
    for (const n of [...edges, 2 ** 53 - 1, 2 ** 52, 2 ** 53 - 2176782336])
      expect(base36(n)).toBe(n.toString(36));
    let x = 12345;
    for (let i = 0; i < 20_000; i++) {
      // Every magnitude, from one digit to eleven.
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const n = Math.floor(((x / 2 ** 32) * 2 ** 53) / 2 ** (i % 53));
      expect(base36(n)).toBe(n.toString(36));
    }
  });

  it('keys are the two cyrb53 hashes of the identity, or of the record as parsed', async () => {
    const events = (
      await Promise.all(
        FIXTURES.map(async (name) => {
          const bytes = new Uint8Array(readFileSync(fixture(name)));
          return (await ingestBytes(name, bytes)).events;
        }),
      )
    ).flat();
    expect(events.length).toBeGreaterThan(0);
    for (const e of events) {
      // Without its record id, each record is known by its text (an object's, or its XML).
      const key = recordKey({ doc: {}, raw: e.raw });
      const text = typeof e.raw === 'string' ? e.raw : JSON.stringify(e.raw);
      expect(key).toBe('t' + hash106(text));
    }
    // The Windows identity, spelled out: non-ASCII, a lone surrogate, long and empty parts.
    const doc = (computer: string, time: string) => ({
      '@timestamp': time,
      winlog: { channel: 'Security', record_id: 42, computer_name: computer },
    });
    for (const [computer, time] of [
      ['WKS-01.corp', '2024-05-02T09:00:00.000Z'],
      ['ÄÖÜ-主机-\ud800', ''],
      ['x'.repeat(5000), '2024'],
    ]) {
      const d = doc(computer, time);
      expect(recordKey({ doc: d, raw: d })).toBe(
        'w' + hash106(`Security\u000042\u0000${computer.toLowerCase()}\u0000${time}`),
      );
    }
  });

  it.each(FIXTURES)('%s: the same key plain, in a .gz and in a .zip', async (name) => {
    const bytes = new Uint8Array(readFileSync(fixture(name)));
    const plain = (await ingestBytes(name, bytes)).events.map(recordKey);
    const gz = (await ingestBytes(`${name}.gz`, gzipSync(bytes))).events.map(recordKey);
    const zip = (await ingestBytes('x.zip', zipSync({ [name]: bytes }))).events.map(recordKey);
    expect(plain.length).toBeGreaterThan(0);
    expect(gz).toEqual(plain);
    expect(zip).toEqual(plain);
    // Through a session: the second and third copies are all duplicates.
    const seen = new SeenRecords();
    expect(plain.filter((k) => seen.first(k, 0))).toHaveLength(new Set(plain).size);
    expect(gz.filter((k) => seen.first(k, 1))).toEqual([]);
    expect(zip.filter((k) => seen.first(k, 2))).toEqual([]);
  });

  it('real recordings: as many keys as events', async () => {
    const dir = 'samples/otrf';
    if (!haveShared(dir)) return;
    for (const f of readdirSync(shared(dir))
      .filter((n) => /\.(ndjson|json)$/.test(n))
      .slice(0, 3)) {
      const { events } = await ingestPath(shared(`${dir}/${f}`));
      expect(new Set(events.map(recordKey)).size, f).toBe(events.length);
    }
  });

  it('a Windows event is itself by channel, record id, computer and time, not its spelling', () => {
    const doc = (computer: string, extra: object = {}) => ({
      '@timestamp': '2024-05-02T09:00:00.000Z',
      winlog: { channel: 'Security', record_id: 4711, computer_name: computer },
      ...extra,
    });
    const a = recordKey({ doc: doc('WKS1'), raw: {} });
    expect(recordKey({ doc: doc('wks1', { message: 'other text' }), raw: { x: 1 } })).toBe(a);
    expect(
      recordKey({ doc: { ...doc('WKS1'), '@timestamp': '2024-05-02T09:00:00.001Z' }, raw: {} }),
    ).not.toBe(a);
    expect(recordKey({ doc: doc('WKS2'), raw: {} })).not.toBe(a);
  });

  it('records without an id: identical text in two files is one event; in one file, two', () => {
    const k = recordKey({ doc: {}, raw: { a: 1 } });
    const seen = new SeenRecords();
    expect(seen.first(k, 0)).toBe(true);
    expect(seen.first(k, 0)).toBe(true);
    expect(seen.first(k, 1)).toBe(false);
    expect(recordKey({ doc: {}, raw: { a: 2 } })).not.toBe(k);
  });

  it('the set of seen records answers as a Map of the key strings would, past many growths', () => {
    // The reference: the rule as first written, over a Map of strings.
    const reference = new Map<string, number>();
    const expected = (key: string, file: number) => {
      const seenIn = reference.get(key);
      if (seenIn === undefined) {
        reference.set(key, file);
        return true;
      }
      return key.startsWith('t') && seenIn === file;
    };
    const seen = new SeenRecords();
    const keys: string[] = [];
    for (let i = 0; i < 5000; i++) {
      keys.push(recordKey({ doc: {}, raw: { n: i } }));
      keys.push(recordKey({ doc: { winlog: { record_id: i, channel: 'Security' } }, raw: null }));
    }
    // Keys of the same numbers but another spelling or kind, and strings of no key's form.
    const [w, t] = [keys[1], keys[0]];
    keys.push('t' + w.slice(1), 'w' + t.slice(1), 'w0' + w.slice(1), w + '0', 'w:', 'x', '');
    keys.push('w' + 'z'.repeat(11) + ':1', 'w1:' + '1'.repeat(12), 'wA:1', 't0:0', 'w0:0');
    let state = 7;
    const random = (n: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state % n;
    };
    for (let i = 0; i < 40_000; i++) {
      const key = keys[random(keys.length)];
      const file = random(3);
      expect(seen.first(key, file), `${key} in file ${file}`).toBe(expected(key, file));
    }
    expect(seen.size).toBe(reference.size);
    // The same numbers under another kind or spelling are other keys: new in another file.
    for (const [a, b] of [
      [w, 't' + w.slice(1)],
      [t, 'w' + t.slice(1)],
      [w, 'w0' + w.slice(1)],
      ['w1:1', 'w01:1'],
      ['w1:1', 'w1:01'],
    ]) {
      const fresh = new SeenRecords();
      expect(fresh.first(a, 0)).toBe(true);
      expect(fresh.first(b, 1), `${b} after ${a}`).toBe(true);
      expect(fresh.first(a, 1), `${a} again`).toBe(false);
    }
  });
});
