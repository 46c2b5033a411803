// A raw .evtx record's XML text from its chunk's bytes (an EvtxRecordRef), rendered when it is
// asked for: the same walk that reads records during a scan (direct.ts, with its text), over
// the same bytes, so the text is the one a scan with `keepText` used to store.
import { isEvtxRecordRef, type EvtxRecordRef } from '../../case/evtx-record.ts';
import { BinXmlParser } from './binxml.ts';
import { DirectReader } from './direct.ts';
import { readRecord } from './record.ts';

// Names and templates are compiled once per chunk: records of one chunk are often rendered
// together (an export, a page of evidence), so the last chunk's parser is kept.
const parser = new BinXmlParser();
const reader = new DirectReader(true);
let current: Uint8Array | null = null;

/** The record's <Event> XML text. Throws when its bytes hold no readable record. */
export function evtxRecordXml(ref: EvtxRecordRef): string {
  if (ref.evtxChunk !== current) {
    current = null;
    parser.reset(ref.evtxChunk);
    current = ref.evtxChunk;
  }
  const dv = parser.dv;
  const at = ref.at;
  if (at < 0 || at + 28 > dv.byteLength) throw new Error(`no .evtx record at chunk offset ${at}`);
  const size = dv.getUint32(at + 4, true);
  if (size < 28 || at + size > dv.byteLength)
    throw new Error(`the .evtx record at chunk offset ${at} runs outside its chunk`);
  const r = readRecord(parser, dv, at, size, 0, 0, reader.build);
  if (typeof r === 'string') throw new Error(`the .evtx record at chunk offset ${at}: ${r}`);
  return r.event.xml!;
}

/**
 * A raw record as its readers show it: an .evtx record as its XML text, others as they are.
 * Never throws: a record the scan read renders again (tests/ingest/evtx-record-xml.test.ts),
 * but a hostile file could nest templates so that a record read in its chunk's order goes past
 * a limit when read alone; it is then told, not thrown at a scan or a view.
 */
export function rawRecord(raw: unknown): unknown {
  if (!isEvtxRecordRef(raw)) return raw;
  try {
    return evtxRecordXml(raw);
  } catch (e) {
    return `(this .evtx record could not be rendered as XML: ${e instanceof Error ? e.message : String(e)})`;
  }
}
