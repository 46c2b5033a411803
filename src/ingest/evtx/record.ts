// One event record: `**\0\0`, size, record id, time written, the Binary XML of the event,
// and the size again.
import type { XmlNode } from '../xml.ts';
import type { BinXmlParser } from './binxml.ts';
import { budget, instantiate, newNode } from './instance.ts';
import { EvtxFormatError, fileTimeMs } from './value-types.ts';

export const RECORD_MAGIC = 0x00002a2a;

export interface EvtxRecord {
  /** EventRecordID as a decimal string (64-bit). */
  id: string;
  /** When the record was written, epoch ms. */
  written: number | null;
  /** 0-based chunk number. */
  chunk: number;
  /** Byte offset of the record in the file. */
  offset: number;
  /** The <Event> element. */
  event: XmlNode;
}

/** The record at chunk offset `p` of `size` bytes, or what is wrong with it. */
export function readRecord(
  parser: BinXmlParser,
  dv: DataView,
  p: number,
  size: number,
  chunk: number,
  base: number,
): EvtxRecord | string {
  try {
    const lo = dv.getUint32(p + 8, true);
    const hi = dv.getUint32(p + 12, true);
    const id = hi === 0 ? String(lo) : String((BigInt(hi) << 32n) | BigInt(lo));
    const { parts } = parser.fragment(p + 24, p + size - 4);
    const root = newNode('#root');
    budget.parts = 0;
    budget.chars = 0;
    instantiate(parser, parts, null, root, 0);
    const event = root.children[0];
    if (!event) return 'its binary XML holds no element';
    if (event.name !== 'Event') return `its binary XML holds <${event.name}>, not <Event>`;
    return { id, written: fileTimeMs(dv, p + 16), chunk, offset: base + p, event };
  } catch (e) {
    if (e instanceof EvtxFormatError || e instanceof RangeError) return e.message;
    return e instanceof Error ? e.message : String(e);
  }
}
