// Damage real collections hold, made on purpose in synthetic files from the test writer: a
// dirty file whose header lags its chunks, a chunk whose header lags its records, a template
// that refers to itself, a record whose size points outside its chunk. Each is reported once with chunk and byte offset; the rest
// of the file is read.
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../src/ingest/evtx/crc32.ts';
import * as v from '../../scripts/evtx-writer/values.ts';
import { writeEvtx, type WTemplate } from '../../scripts/evtx-writer/writer.ts';
import { ingestBytes } from './helpers.ts';
import { readBytes } from './evtx/read.ts';

const HEADER = 4096;
const CHUNK = 65536;

const template = (id: number): WTemplate => ({
  id,
  root: {
    name: 'Event',
    content: [
      {
        name: 'System',
        content: [
          { name: 'EventID', content: [{ sub: 0 }] },
          { name: 'Channel', content: ['Application'] },
          { name: 'Computer', content: ['HOST.example.test'] },
        ],
      },
      {
        name: 'EventData',
        content: [{ name: 'Data', attrs: [['Name', 'Text']], content: [{ sub: 1 }] }],
      },
    ],
  },
});

const events = (n: number, ids = [1]) =>
  Array.from({ length: n }, (_, i) => ({
    template: template(ids[i % ids.length]),
    values: [v.u16(1000 + (i % 7)), v.wstr(`synthetic event ${i} `.repeat(20))],
  }));

/** Puts the CRCs of chunk `c` right again after an edit. */
function fixCrc(b: Uint8Array, c: number): void {
  const dv = new DataView(b.buffer, b.byteOffset);
  const base = HEADER + c * CHUNK;
  const free = dv.getUint32(base + 48, true);
  dv.setUint32(base + 52, crc32(b, base + 512, base + free), true);
  // The header's own CRC covers the records CRC.
  dv.setUint32(base + 124, crc32(b, base + 128, base + 512, crc32(b, base, base + 120)), true);
}

describe('damaged synthetic .evtx files', () => {
  it('a dirty file whose header counts fewer chunks than it holds is read to its last chunk', async () => {
    const bytes = writeEvtx(events(600));
    const chunks = (bytes.length - HEADER) / CHUNK;
    expect(chunks).toBeGreaterThan(3);
    const dv = new DataView(bytes.buffer);
    dv.setUint16(42, 1, true); // one chunk, says the header
    dv.setBigUint64(16, 0n, true);
    dv.setUint32(120, 1, true); // dirty
    dv.setUint32(124, crc32(bytes, 0, 120), true);
    const { diag, docs } = await ingestBytes('dirty.evtx', bytes);
    expect(diag.evtx).toEqual({
      chunks,
      records: 600,
      damagedChunks: 0,
      damagedRecords: 0,
      dirty: true,
    });
    expect(docs).toHaveLength(600);
  });

  it('a template that refers to itself fails its records only, once each, without a hang', async () => {
    const bytes = writeEvtx(events(40, [1, 2]));
    const dv = new DataView(bytes.buffer);
    // Record 1 of chunk 0 defines template 1 inline: after the record header (24), fragment
    // header (4) and instance token (10) comes the definition (24 bytes of header, then its
    // body: a fragment header and the root element). Its root becomes an instance of itself.
    const def = HEADER + 512 + 24 + 4 + 10;
    expect(dv.getUint32(def - 4, true)).toBe(def - HEADER);
    const body = def + 24 + 4;
    bytes.set([0x0c, 0x01, 0x01, 0x00, 0x00, 0x00], body);
    dv.setUint32(body + 6, def - HEADER, true);
    fixCrc(bytes, 0);
    const started = performance.now();
    const { records, problems } = await readBytes(bytes);
    expect(performance.now() - started).toBeLessThan(2000);
    // The records of template 2 are read; each of template 1's is reported.
    expect(records).toHaveLength(20);
    expect(problems).toHaveLength(20);
    expect(problems[0]).toMatchObject({ chunk: 0, offset: HEADER + 512 });
    expect(problems[0].message).toMatch(
      /^chunk 0: event record at chunk offset 512: template at chunk offset \d+ refers to itself; skipped$/,
    );
  });

  it('a record whose size points outside its chunk is skipped; the next one is found', async () => {
    const bytes = writeEvtx(events(30));
    const dv = new DataView(bytes.buffer);
    const first = HEADER + 512;
    dv.setUint32(first + 4, 0x7fffffff, true);
    fixCrc(bytes, 0);
    const { records, problems, stats } = await readBytes(bytes);
    expect(records).toHaveLength(29);
    expect(records[0].id).toBe('2');
    expect(stats.damagedRecords).toBe(1);
    expect(problems).toEqual([
      {
        chunk: 0,
        offset: first,
        message:
          'chunk 0: event record at chunk offset 512: size 2147483647 runs outside the chunk; skipped',
      },
    ]);
  });

  it('a chunk whose header lags its records (an open log copied) gives them all, and no more', async () => {
    const bytes = writeEvtx(events(600));
    const whole = await readBytes(bytes);
    const dv = new DataView(bytes.buffer);
    const last = (bytes.length - HEADER) / CHUNK - 1;
    const base = HEADER + last * CHUNK;
    const free = dv.getUint32(base + 48, true);
    const starts: number[] = [];
    for (let p = 512; p < free; p += dv.getUint32(base + p + 4, true)) starts.push(p);
    expect(starts.length).toBeGreaterThan(3);
    // The header as it was two records ago: its free offset before them, its CRC of then
    // (any CRC that is not this header's does).
    dv.setUint32(base + 48, starts.at(-2)!, true);
    // Beyond the last record, one of an earlier pass over the chunk: numbered far lower.
    const size = dv.getUint32(base + 512 + 4, true);
    expect(free + size).toBeLessThanOrEqual(CHUNK);
    bytes.copyWithin(base + free, base + 512, base + 512 + size);
    const { records, problems, stats } = await readBytes(bytes);
    expect(records.map((r) => r.id)).toEqual(whole.records.map((r) => r.id));
    expect(records).toEqual(whole.records);
    expect(stats).toMatchObject({ salvagedChunks: 1, damagedChunks: 0, damagedRecords: 0 });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ chunk: last, offset: base + 124, read: true });
    expect(problems[0].message).toMatch(
      new RegExp(
        `^chunk ${last}: header CRC32 is 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}; its records are read one after another while each is sound and numbered after the one before$`,
      ),
    );
  });
});
