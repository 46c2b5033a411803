// One event is one key however it arrives (plain, gzip, zip, UTF-16), and different events
// never share one: the keys of real recordings are as many as their events.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { recordKey, SeenRecords } from '../../src/ingest/record-key.ts';
import { fixture, haveShared, ingestBytes, ingestPath, shared } from './helpers.ts';

const FIXTURES = readdirSync(fixture('')).filter((f) => f !== 'README.md');

describe('record keys', () => {
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
});
