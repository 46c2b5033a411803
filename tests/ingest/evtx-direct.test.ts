// The direct reading (binary XML straight into the Windows event and its XML text, direct.ts)
// against the tree it replaces on the ingest path (instantiate → fromEventNode, renderXml):
// same problems, same records, same events with their keys in the same order, same text.
// On every real file of the corpus, and on corpus chunks whose records are damaged behind
// valid CRCs, so the binary XML parser and both walks see odd names, types and nestings.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  DirectReader,
  newStats,
  readEvtx,
  readRecords,
  renderXml,
  type Problem,
} from '../../src/ingest/evtx/index.ts';
import { fromEventNode } from '../../src/ingest/shapes.ts';
import { damagedChunk } from './evtx/damage.ts';
import { haveShared, shared } from './helpers.ts';

const CORPUS = 'evtx-corpus/evtx';
const CASES = Number(process.env.EVTX_DIRECT_CASES ?? 1500);
const CHUNK = 65536;

async function* pieces(b: Uint8Array): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < b.length; i += CHUNK) yield b.subarray(i, i + CHUNK);
}

interface Seen {
  problems: Problem[];
  // id, offset, the event (or why it could not be read) as JSON, the XML text.
  records: Array<[string, number, string, string]>;
}

async function viaTree(b: Uint8Array): Promise<Seen> {
  const seen: Seen = { problems: [], records: [] };
  for await (const batch of readEvtx(pieces(b), (p) => seen.problems.push(p), newStats()))
    for (const r of batch) {
      let win: string;
      try {
        win = JSON.stringify(fromEventNode(r.event));
      } catch (e) {
        win = `error: ${(e as Error).message}`;
      }
      seen.records.push([r.id, r.offset, win, renderXml(r.event)]);
    }
  return seen;
}

async function viaDirect(b: Uint8Array): Promise<Seen> {
  const seen: Seen = { problems: [], records: [] };
  const direct = new DirectReader(true);
  const read = readRecords(pieces(b), (p) => seen.problems.push(p), newStats(), 0, direct.build);
  for await (const batch of read)
    for (const r of batch) {
      const { win, xml } = r.event;
      const json = win ? JSON.stringify(win) : '<Event> has no <System>';
      seen.records.push([r.id, r.offset, win ? json : `error: ${json}`, xml ?? '']);
    }
  return seen;
}

let seed = 20261205;
const rnd = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};

// A changed byte is flipped in one bit or replaced whole.
const change = (c: Uint8Array, p: number) => {
  if (rnd(2)) c[p] ^= 1 << rnd(8);
  else c[p] = rnd(256);
};

describe.skipIf(!haveShared(CORPUS))('direct reading equals the tree reading', () => {
  const files = haveShared(CORPUS)
    ? readdirSync(shared(CORPUS))
        .filter((f) => f.endsWith('.evtx'))
        .sort()
    : [];

  it('on every corpus file', async () => {
    let records = 0;
    for (const f of files) {
      const b = new Uint8Array(readFileSync(shared(`${CORPUS}/${f}`)));
      const direct = await viaDirect(b);
      expect(direct, f).toEqual(await viaTree(b));
      records += direct.records.length;
    }
    expect(records).toBeGreaterThan(8_000);
  }, 300_000);

  it(`on ${CASES} chunks with damaged records behind valid CRCs`, async () => {
    const bytes = files.map((f) => new Uint8Array(readFileSync(shared(`${CORPUS}/${f}`))));
    let damaged = 0;
    for (let i = 0; i < CASES; i++) {
      const b = damagedChunk(bytes[rnd(bytes.length)], rnd, change);
      if (!b) continue;
      const tree = await viaTree(b);
      expect(await viaDirect(b), `case ${i}`).toEqual(tree);
      damaged += tree.problems.length;
    }
    // The damage reaches the binary XML: records are reported, not only CRCs.
    expect(damaged).toBeGreaterThan(CASES / 10);
  }, 300_000);
});
