// A raw .evtx record's XML text from its place (case/evtx-place.ts), rendered when someone
// looks at it. The record's chunk is read again from its start, exactly as the scan read it
// (same parser, same order, so the same templates compiled the same way), and the XML of all
// its records is kept while the chunk's bytes live: the records of a chunk are mostly looked at
// together (an export, the evidence of one scan batch).
import { isEvtxPlace, type EvtxPlace } from '../../case/evtx-place.ts';
import { BinXmlParser } from './binxml.ts';
import { readChunk } from './chunk.ts';
import { DirectReader } from './direct.ts';

const rendered = new WeakMap<Uint8Array, Map<number, string>>();

/** The XML texts of a chunk's records, by offset in the chunk. */
function chunkXml(bytes: Uint8Array): Map<number, string> {
  let texts = rendered.get(bytes);
  if (texts) return texts;
  texts = new Map();
  const direct = new DirectReader(true);
  // Chunk number 0 at file offset 0: a record's offset is then its offset in the chunk.
  const { records } = readChunk(new BinXmlParser(), bytes, 0, 0, () => undefined, direct.build);
  for (const r of records) if (r.event.xml !== null) texts.set(r.offset, r.event.xml);
  rendered.set(bytes, texts);
  return texts;
}

/** The <Event> XML of the record at `place` (null if it cannot be read there). */
export function evtxRecordXml(place: EvtxPlace): string | null {
  return chunkXml(place.evtxChunk).get(place.at) ?? null;
}

/** A raw record as shown and exported: an .evtx place as its XML text, anything else as is. */
export function rawRecord(raw: unknown): unknown {
  return isEvtxPlace(raw) ? evtxRecordXml(raw) : raw;
}
