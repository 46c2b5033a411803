// One event record: `**\0\0`, size, record id, time written, the Binary XML of the event,
// and the size again.
import type { XmlNode } from '../xml.ts';
import type { BinXmlParser, Part } from './binxml.ts';
import { budget, instantiate, newNode } from './instance.ts';
import { EvtxFormatError, fileTimeMs } from './value-types.ts';

export const RECORD_MAGIC = 0x00002a2a;

export interface EvtxRecord<T = XmlNode> {
  /** EventRecordID as a decimal string (64-bit). */
  id: string;
  /** When the record was written, epoch ms. */
  written: number | null;
  /** 0-based chunk number. */
  chunk: number;
  /** Byte offset of the record in the file. */
  offset: number;
  /** The event as the builder made it: by default the <Event> element. */
  event: T;
}

/**
 * What a record's binary XML becomes, or what is wrong with it. It runs while the chunk's
 * bytes are at hand: values are read from the chunk, which is reused for the next one.
 */
export type RecordBuilder<T> = (parser: BinXmlParser, parts: Part[]) => T | string;

/** The <Event> element tree (the default builder). */
export const buildTree: RecordBuilder<XmlNode> = (parser, parts) => {
  const root = newNode('#root');
  budget.parts = 0;
  budget.chars = 0;
  instantiate(parser, parts, null, root, 0);
  const event = root.children[0];
  if (!event) return 'its binary XML holds no element';
  if (event.name !== 'Event') return `its binary XML holds <${event.name}>, not <Event>`;
  return event;
};

/** The record at chunk offset `p` of `size` bytes, or what is wrong with it. */
export function readRecord<T>(
  parser: BinXmlParser,
  dv: DataView,
  p: number,
  size: number,
  chunk: number,
  base: number,
  build: RecordBuilder<T>,
): EvtxRecord<T> | string {
  try {
    const lo = dv.getUint32(p + 8, true);
    const hi = dv.getUint32(p + 12, true);
    const id = hi === 0 ? String(lo) : String((BigInt(hi) << 32n) | BigInt(lo));
    const parts = parser.recordFragment(p + 24, p + size - 4);
    const event = build(parser, parts);
    if (typeof event === 'string') return event;
    return { id, written: fileTimeMs(dv, p + 16), chunk, offset: base + p, event };
  } catch (e) {
    if (e instanceof EvtxFormatError || e instanceof RangeError) return e.message;
    return e instanceof Error ? e.message : String(e);
  }
}
