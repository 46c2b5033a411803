// A raw .evtx record is no longer stored as its XML text but as its chunk's bytes and offset
// (src/case/evtx-record.ts), its text rendered when it is opened (record-xml.ts). The text a
// user sees must be the very text earlier builds stored: over every real .evtx of ../shared,
// read as the page reads them (keepText), stored as the page stores them (2,000-event chunks,
// packed, structured-cloned as IndexedDB does, unpacked), each record's rendering equals the
// text the scan used to keep (DirectReader with its text, what ingest handed over before) and
// the tree's rendering (renderXml, the reader's own reference).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isEvtxRecordRef } from '../../src/case/evtx-record.ts';
import {
  DirectReader,
  newStats,
  readEvtx,
  readRecords,
  renderXml,
} from '../../src/ingest/evtx/index.ts';
import { evtxRecordXml, rawRecord } from '../../src/ingest/evtx/record-xml.ts';
import type { IngestedEvent } from '../../src/ingest/types.ts';
import { packChunk, unpackChunk } from '../../src/store/chunk-codec.ts';
import { scanChunks } from '../store/scan-chunks.ts';
import { damagedChunk } from './evtx/damage.ts';
import { haveShared, ingestBytes, shared } from './helpers.ts';

const CORPUS = 'evtx-corpus/evtx';
const SAMPLES = 'samples/evtx-attack-samples';
const STORE_CHUNK = 2_000;
const CHUNK = 65536;

async function* pieces(b: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += CHUNK) yield b.subarray(i, i + CHUNK);
}

/** File offset → the XML text a scan kept of the record before (direct.ts with its text). */
async function keptTexts(b: Uint8Array): Promise<Map<number, string>> {
  const texts = new Map<number, string>();
  const direct = new DirectReader(true);
  const read = readRecords(pieces(b), () => undefined, newStats(), 0, direct.build);
  for await (const batch of read) for (const r of batch) texts.set(r.offset, r.event.xml!);
  return texts;
}

/** File offset → renderXml of the record's element tree. */
async function treeTexts(b: Uint8Array): Promise<Map<number, string>> {
  const texts = new Map<number, string>();
  for await (const batch of readEvtx(pieces(b), () => undefined, newStats()))
    for (const r of batch) texts.set(r.offset, renderXml(r.event));
  return texts;
}

/** The events stored as the page stores them, and read back: their raws as the store gives them. */
function storedAndRead(events: IngestedEvent[]): { raws: unknown[]; evtxChunks: number } {
  const raws: unknown[] = [];
  let evtxChunks = 0;
  for (const chunk of scanChunks(events, STORE_CHUNK)) {
    const stored = packChunk(chunk);
    // Stored as bytes, not as texts.
    expect(stored.rawStrings).toBeUndefined();
    expect(stored.evtx?.at.length).toBe(chunk.events.length * 2);
    evtxChunks += stored.evtx!.chunks.length;
    raws.push(...unpackChunk(structuredClone(stored)).raws);
  }
  return { raws, evtxChunks };
}

/** Every stored record's rendering against `expected`; the number compared. */
async function compare(name: string, b: Uint8Array, sizes: number[]): Promise<number> {
  const kept = await keptTexts(b);
  const { events } = await ingestBytes(name, b, sizes, { keepText: true });
  const { raws } = storedAndRead(events);
  expect(raws).toHaveLength(events.length);
  // Rendered last to first: a record's text does not depend on what was rendered before it.
  for (let i = raws.length - 1; i >= 0; i--) {
    const raw = raws[i];
    if (!isEvtxRecordRef(raw)) throw new Error(`${name}: record ${i} is not kept as bytes`);
    const want = kept.get(events[i].offset);
    if (rawRecord(raw) !== want) expect(rawRecord(raw), `${name} record ${i}`).toBe(want);
  }
  return events.length;
}

const files = (rel: string) =>
  haveShared(rel)
    ? readdirSync(shared(rel))
        .filter((f) => f.endsWith('.evtx'))
        .sort()
        .map((f) => `${rel}/${f}`)
    : [];

describe.skipIf(!haveShared(CORPUS) || !haveShared(SAMPLES))(
  'a raw .evtx record opened from the store shows the text it showed before',
  () => {
    const all = [...files(CORPUS), ...files(SAMPLES)];

    it('over every .evtx of the corpus and the attack samples', async () => {
      expect(all.length).toBe(277 + 7);
      let records = 0;
      for (const f of all) {
        const b = new Uint8Array(readFileSync(shared(f)));
        // Pieces of 64 KiB (a chunk straddles two: read from the reader's own buffer) and the
        // whole file at once (chunks read where they lie): both kept copies stay right.
        records += await compare(f, b, [65536]);
        if (b.length < 4 << 20) await compare(f, b, [b.length]);
      }
      expect(records).toBeGreaterThan(8_000);
    }, 300_000);

    it('the kept text is the tree rendering too, and the winrs record is the one users see', async () => {
      const path = shared(`${SAMPLES}/LM_winrm_exec_sysmon_1_winrshost.evtx`);
      const b = new Uint8Array(readFileSync(path));
      const { events } = await ingestBytes('winrs.evtx', b, [65536], { keepText: true });
      const { raws, evtxChunks } = storedAndRead(events);
      expect(evtxChunks).toBe(1);
      const tree = await treeTexts(b);
      const xml = raws.map(rawRecord);
      expect(xml).toEqual(events.map((e) => tree.get(e.offset)));
      expect(xml[1]).toContain('<Data Name="Image">C:\\Windows\\System32\\cmd.exe</Data>');
      expect(xml[1]).toContain('<Computer>DC1.insecurebank.local</Computer>');
      expect(xml[1]).toContain(
        '<Data Name="ParentImage">C:\\Windows\\System32\\winrshost.exe</Data>',
      );
    });

    it('records kept from chunks damaged behind valid CRCs render as they were kept', async () => {
      let seed = 20261206;
      const rnd = (n: number) => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      const bytes = files(CORPUS).map((f) => new Uint8Array(readFileSync(shared(f))));
      let records = 0;
      for (let i = 0; i < 400; i++) {
        const out = damagedChunk(bytes[rnd(bytes.length)], rnd, (c, p) => (c[p] ^= 1 << rnd(8)));
        if (!out) continue;
        records += await compare(`case ${i}`, out, [65536]);
      }
      expect(records).toBeGreaterThan(1_000);
    }, 300_000);

    it('a reference to no record says so, it does not render something else', () => {
      const chunk = new Uint8Array(CHUNK);
      expect(() => evtxRecordXml({ evtxChunk: chunk, at: 512 })).toThrow(/outside its chunk/);
      expect(() => evtxRecordXml({ evtxChunk: chunk, at: CHUNK - 8 })).toThrow(/no .evtx record/);
      // Readers (evidence, the timeline, record keys) are told, never thrown at.
      expect(rawRecord({ evtxChunk: chunk, at: 512 })).toMatch(
        /^\(this .evtx record could not be rendered as XML: .*outside its chunk\)$/,
      );
    });
  },
);
