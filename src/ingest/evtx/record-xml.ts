// A raw .evtx record's XML text from its place (case/evtx-place.ts), rendered when someone
// looks at it. The record is read on its own, with the names and templates it refers to
// compiled from its chunk (kept while the next record asked for is of the same chunk: the
// records of a chunk are mostly asked for together, as an export or one batch's evidence).
// Compiling a template does not depend on which record asked first, so a record read this way
// is the record the scan read; should it fail alone (a template nested deeper here than where
// the scan first compiled it), the chunk is read from its start, exactly as the scan read it.
import { isEvtxPlace, type EvtxPlace } from '../../case/evtx-place.ts';
import { BinXmlParser } from './binxml.ts';
import { CHUNK_SIZE, readChunk } from './chunk.ts';
import { DirectReader } from './direct.ts';
import { readRecord, RECORD_MAGIC } from './record.ts';

const parser = new BinXmlParser();
const direct = new DirectReader(true);
/** The chunk `parser` holds the names and templates of. */
let parsed: Uint8Array | null = null;

/** The <Event> XML of the record at `place` (null if it cannot be read there). */
export function evtxRecordXml(place: EvtxPlace): string | null {
  const b = place.evtxChunk;
  if (parsed !== b) {
    parser.reset(b);
    parsed = b;
  }
  const dv = parser.dv;
  const p = place.at;
  if (p >= 0 && p + 28 <= b.length && dv.getUint32(p, true) === RECORD_MAGIC) {
    const size = dv.getUint32(p + 4, true);
    if (size >= 28 && p + size <= b.length) {
      // Chunk number 0 at file offset 0: nothing here reads them.
      const r = readRecord(parser, dv, p, size, 0, 0, direct.build);
      if (typeof r !== 'string' && r.event.xml !== null) return r.event.xml;
    }
  }
  return evtxRecordXmlInOrder(place);
}

/** The record at `place`, its chunk read from the start as the scan read it. */
export function evtxRecordXmlInOrder({ evtxChunk: used, at }: EvtxPlace): string | null {
  // Only the chunk's used part is kept: its free space, never read, back as zeroes.
  const b = new Uint8Array(Math.max(CHUNK_SIZE, used.length));
  b.set(used);
  const reader = new DirectReader(true);
  const { records } = readChunk(new BinXmlParser(), b, 0, 0, () => undefined, reader.build);
  return records.find((r) => r.offset === at)?.event.xml ?? null;
}

/** A raw record as shown and exported: an .evtx place as its XML text, anything else as is. */
export function rawRecord(raw: unknown): unknown {
  return isEvtxPlace(raw) ? evtxRecordXml(raw) : raw;
}
