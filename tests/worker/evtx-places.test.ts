// Raw .evtx records kept as their place in their chunk's bytes (case/evtx-place.ts) and
// rendered on demand show and export the very XML that was stored before: on real files, each
// read the way the page reads it (ingest with `evtxPlaces`, FileBatches, ChunkBuilder, the
// store's chunk codec, a structured clone for IndexedDB's copy), every record's XML as the
// record view (timeline.ts), the evidence (collectBatch) and a session file give it, against
// the XML text the reader writes with `keepText` alone (what chunks stored until now).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEvtxPlace, type EvtxPlace } from '../../src/case/evtx-place.ts';
import { Collector } from '../../src/engine/index.ts';
import { compile, parse } from '../../src/eql/index.ts';
import { chunkRanges } from '../../src/ingest/evtx/index.ts';
import { evtxRecordXmlInOrder, rawRecord } from '../../src/ingest/evtx/record-xml.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import type { IngestedEvent, IngestOptions } from '../../src/ingest/types.ts';
import { packChunk, unpackChunk } from '../../src/store/chunk-codec.ts';
import type { ServiceChunk } from '../../src/store/service-records.ts';
import { ChunkBuilder } from '../../src/worker/app/chunker.ts';
import { collectBatch, FileBatches, querySpecs } from '../../src/worker/app/correlate.ts';
import type { EventChunk, RunnableRule } from '../../src/worker/app/model.ts';
import {
  readSessionFile,
  sessionFileParts,
  SESSION_FORMAT,
  SESSION_VERSION,
} from '../../src/worker/app/session-file.ts';
import { haveShared, shared } from '../ingest/helpers.ts';

const SAMPLES = 'samples/evtx-attack-samples';
const CORPUS = 'evtx-corpus/evtx';
/** Corpus files read (all by default; EVTX_PLACES_FILES=n for a quicker run). */
const LIMIT = Number(process.env.EVTX_PLACES_FILES ?? Infinity);
const HEADER = 4096;

const evtxFiles = (dir: string): string[] =>
  readdirSync(shared(dir))
    .filter((n) => n.endsWith('.evtx'))
    .sort()
    .map((n) => `${dir}/${n}`);

/** The bytes in pieces of `size`: not a chunk's multiple, so the reader reuses its buffer. */
async function* pieces(b: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function read(b: Uint8Array, size: number, options: IngestOptions) {
  const events: IngestedEvent[] = [];
  await ingestFile(
    { name: 'f.evtx', stream: () => pieces(b, size) },
    (batch) => void events.push(...batch),
    { batchSize: 500, keepText: true, ...options },
  );
  return events;
}

/** The events through the page's chunk store path; the chunks as read back. */
function stored(events: IngestedEvent[], chunkSize: number): ServiceChunk[] {
  const builder = new ChunkBuilder('s1', 3, chunkSize);
  const batches = new FileBatches(3);
  const chunks: EventChunk[] = [];
  for (let i = 0; i < events.length; i += 500) {
    const c = builder.add(batches.next(events.slice(i, i + 500)));
    if (c) chunks.push(c);
  }
  const rest = builder.flush();
  if (rest) chunks.push(rest);
  // IndexedDB keeps a structured clone of what is put.
  return chunks.map((c) => unpackChunk(structuredClone(packChunk(c))));
}

/** Every event a candidate: the evidence's raw record of each, as the correlator gets it. */
function evidenceRaws(chunks: ServiceChunk[]): unknown[] {
  const every = {
    id: 'every',
    name: 'every',
    query: compile(parse('any where true')),
    maxSignals: 1e9,
    conjuncts: [],
  } as unknown as RunnableRule;
  const raws: unknown[] = [];
  for (const c of chunks) {
    const collector = new Collector(querySpecs([every], Infinity));
    const feed = collectBatch(collector, {
      file: c.file,
      firstRecord: c.firstRecord,
      docs: c.events,
      lines: c.lines,
      raws: c.raws,
    });
    for (let i = 0; i < c.events.length; i++)
      raws.push(feed.metas[`${c.file}:${c.firstRecord + i}`]?.raw);
  }
  return raws;
}

function sessionRaws(chunks: ServiceChunk[]): unknown[] {
  const head = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    exportedAt: '',
    session: {},
    files: [],
    alerts: [],
    triage: [],
    reports: [],
    profile: null,
    rules: [],
  } as unknown as Parameters<typeof sessionFileParts>[0];
  const file = readSessionFile(sessionFileParts(head, chunks).join(''));
  return file.events.flatMap((c) => c.raws);
}

async function check(rel: string): Promise<number> {
  const b = new Uint8Array(readFileSync(shared(rel)));
  const before = await read(b, 65536, {});
  const after = await read(b, 10_000, { evtxPlaces: true });
  expect(after.map((e) => e.doc)).toEqual(before.map((e) => e.doc));
  const texts = before.map((e) => e.raw);
  expect(texts.every((t) => typeof t === 'string')).toBe(true);
  const chunks = stored(after, 1000);
  const raws = chunks.flatMap((c) => c.raws);
  // Kept as places, not as text (else this would compare the text with itself).
  expect(raws.every(isEvtxPlace)).toBe(true);
  expect(raws.map(rawRecord)).toEqual(texts);
  // The way a record that fails on its own is read (its chunk from the start): the same.
  const some = raws.filter((_, i) => i % 7 === 0);
  expect(some.map((p) => evtxRecordXmlInOrder(p as EvtxPlace))).toEqual(
    some.map((p) => rawRecord(p)),
  );
  expect(evidenceRaws(chunks)).toEqual(texts);
  expect(sessionRaws(chunks)).toEqual(texts);
  // A range of the file, read by another worker (split-read.ts): the header, then its chunks.
  const ranges = chunkRanges(b.length, 2 * 65536);
  if (ranges.length > 1) {
    const r = ranges[1];
    const part = new Uint8Array(HEADER + r.end - r.start);
    part.set(b.subarray(0, HEADER));
    part.set(b.subarray(r.start, r.end), HEADER);
    const events = await read(part, 65536, { evtxPlaces: true, evtxFirstChunk: r.firstChunk });
    const rendered = stored(events, 1000).flatMap((c) => c.raws.map(rawRecord));
    const inRange = before.filter((e) => e.offset >= r.start && e.offset < r.end);
    expect(rendered).toEqual(inRange.map((e) => e.raw));
  }
  return texts.length;
}

describe('raw .evtx records stored as their chunk bytes, rendered on demand', () => {
  it.runIf(haveShared(SAMPLES))('every record of the attack samples', async () => {
    let n = 0;
    for (const rel of evtxFiles(SAMPLES)) n += await check(rel);
    console.log(`attack samples: ${n} records`);
    expect(n).toBeGreaterThan(30);
  });

  it.runIf(haveShared(CORPUS))('every record of the corpus', { timeout: 600_000 }, async () => {
    let n = 0;
    for (const rel of evtxFiles(CORPUS).slice(0, LIMIT)) n += await check(rel);
    console.log(`corpus: ${n} records`);
    expect(n).toBeGreaterThan(1000);
  });

  it('a chunk mixing places with other raw records keeps each', () => {
    const place = { evtxChunk: new Uint8Array([1, 2, 3]), at: 512 };
    const chunk: ServiceChunk = {
      sessionId: 's1',
      chunkIndex: 1,
      file: 0,
      firstRecord: 0,
      events: [{ a: 1 }, { a: 2 }, { a: 3 }],
      lines: [1, 2, 3],
      raws: [place, '<Event/>', place],
    };
    const back = unpackChunk(structuredClone(packChunk(chunk)));
    expect(back.raws).toEqual(chunk.raws);
    expect((back.raws[0] as typeof place).evtxChunk).toBe((back.raws[2] as typeof place).evtxChunk);
  });
});
