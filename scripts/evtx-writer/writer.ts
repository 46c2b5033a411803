// A writer of valid .evtx files for tests and benchmarks (not shipped): events are templates
// with substitution slots plus values; names and template definitions are written inline on
// first use in a chunk and referred to after, as Windows does; every CRC is right.
// Everything it writes is synthetic.
import { crc32 } from '../../src/ingest/evtx/crc32.ts';
import { utf16, type WValue } from './values.ts';

export type WText = string | { sub: number; optional?: boolean };

export interface WElement {
  name: string;
  attrs?: Array<[string, WText]>;
  /** Child elements, or text parts (literals and substitutions). */
  content?: Array<WElement | WText>;
}

export interface WTemplate {
  /** Distinct per template: it becomes the definition's GUID. */
  id: number;
  root: WElement;
}

const CHUNK = 65536;
const CHUNK_HEADER = 512;
const FILE_HEADER = 4096;

class Bytes {
  buf: Uint8Array;
  dv: DataView;
  n = 0;
  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.dv = new DataView(this.buf.buffer);
  }
  u8(v: number) {
    this.buf[this.n++] = v;
  }
  u16(v: number) {
    this.dv.setUint16(this.n, v, true);
    this.n += 2;
  }
  u32(v: number) {
    this.dv.setUint32(this.n, v >>> 0, true);
    this.n += 4;
  }
  u64(v: bigint) {
    this.dv.setBigUint64(this.n, v, true);
    this.n += 8;
  }
  bytes(b: Uint8Array) {
    this.buf.set(b, this.n);
    this.n += b.length;
  }
}

const isElement = (c: WElement | WText): c is WElement => typeof c === 'object' && 'name' in c;

/** Writes chunk by chunk; `onChunk` receives each finished 64 KiB chunk. */
export class EvtxWriter {
  private chunk = new Bytes(CHUNK);
  private names = new Map<string, number>();
  private templates = new Map<number, number>();
  private added: string[] = [];
  private chunkFirst = 0n;
  private chunkRecords = 0;
  private lastRecordOffset = 0;
  private nextId = 1n;
  chunks = 0;
  records = 0;

  constructor(private readonly onChunk: (chunk: Uint8Array) => void) {
    this.startChunk();
  }

  private startChunk(): void {
    this.chunk = new Bytes(CHUNK);
    this.chunk.n = CHUNK_HEADER;
    this.names.clear();
    this.templates.clear();
    this.chunkFirst = this.nextId;
    this.chunkRecords = 0;
    this.lastRecordOffset = 0;
  }

  /** Adds one event; `written` is epoch ms. Returns its record id. */
  add(template: WTemplate, values: WValue[], written = Date.UTC(2024, 0, 1)): bigint {
    let rec = this.record(template, values, written);
    if (rec === null) {
      if (this.chunkRecords === 0) throw new Error('one event does not fit in a chunk');
      this.finishChunk();
      rec = this.record(template, values, written);
      if (rec === null) throw new Error('one event does not fit in a chunk');
    }
    return rec;
  }

  /** Writes the record at the chunk's end, or null (nothing written) when it does not fit. */
  private record(template: WTemplate, values: WValue[], written: number): bigint | null {
    const c = this.chunk;
    const start = c.n;
    // What this record adds to the chunk's tables, taken back if it does not fit.
    this.added = [];
    const knewTemplate = this.templates.has(template.id);
    try {
      c.u32(0x00002a2a);
      c.u32(0); // size, set below
      const id = this.nextId;
      c.u64(id);
      c.u64(BigInt(written) * 10000n + 116444736000000000n);
      // Fragment header, then a template instance.
      c.bytes(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
      c.u8(0x0c);
      c.u8(0x01);
      c.u32(template.id);
      const known = this.templates.get(template.id);
      const defOffset = known ?? c.n + 4;
      c.u32(defOffset);
      if (known === undefined) {
        this.templates.set(template.id, defOffset);
        c.u32(0); // next template in the hash bucket
        const g = new Uint8Array(16);
        new DataView(g.buffer).setUint32(0, template.id, true);
        c.bytes(g);
        const sizeAt = c.n;
        c.u32(0);
        const bodyStart = c.n;
        c.bytes(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
        this.element(template.root, values);
        c.u8(0x00);
        c.dv.setUint32(sizeAt, c.n - bodyStart, true);
      }
      c.u32(values.length);
      const sizesAt = c.n;
      for (const v of values) {
        c.u16(v.bytes.length);
        c.u8(v.type);
        c.u8(0);
      }
      values.forEach((v, i) => {
        if (!v.tree) return c.bytes(v.bytes);
        // Names inside refer to chunk offsets: encoded here, where the value lands.
        const from = c.n;
        c.bytes(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
        this.element(v.tree, []);
        c.u8(0x00);
        c.dv.setUint16(sizesAt + 4 * i, c.n - from, true);
      });
      const size = c.n - start + 4;
      c.u32(size);
      c.dv.setUint32(start + 4, size, true);
      this.lastRecordOffset = start;
      this.nextId++;
      this.chunkRecords++;
      this.records++;
      return id;
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      // Past the chunk: undo and let the caller start a new one.
      c.buf.fill(0, start);
      c.n = start;
      for (const name of this.added) this.names.delete(name);
      if (!knewTemplate) this.templates.delete(template.id);
      return null;
    }
  }

  private name(s: string): void {
    const c = this.chunk;
    const known = this.names.get(s);
    if (known !== undefined) {
      c.u32(known);
      return;
    }
    const at = c.n + 4;
    this.names.set(s, at);
    this.added.push(s);
    c.u32(at);
    c.u32(0); // next string in the hash bucket
    c.u16(0); // hash, unused by readers
    c.u16(s.length);
    c.bytes(utf16(s));
    c.u16(0);
  }

  private text(t: WText, values: WValue[]): void {
    const c = this.chunk;
    if (typeof t === 'string') {
      c.u8(0x05);
      c.u8(0x01);
      c.u16(t.length);
      c.bytes(utf16(t));
      return;
    }
    c.u8(t.optional ? 0x0e : 0x0d);
    c.u16(t.sub);
    c.u8(values[t.sub]?.type ?? 0x01);
  }

  private element(el: WElement, values: WValue[]): void {
    const c = this.chunk;
    const attrs = el.attrs ?? [];
    c.u8(attrs.length ? 0x41 : 0x01);
    c.u16(0xffff);
    const sizeAt = c.n;
    c.u32(0);
    this.name(el.name);
    if (attrs.length) {
      const listAt = c.n;
      c.u32(0);
      attrs.forEach(([name, value], i) => {
        c.u8(i < attrs.length - 1 ? 0x46 : 0x06);
        this.name(name);
        this.text(value, values);
      });
      c.dv.setUint32(listAt, c.n - listAt - 4, true);
    }
    const content = el.content ?? [];
    if (content.length === 0) c.u8(0x03);
    else {
      c.u8(0x02);
      for (const part of content) {
        if (isElement(part)) this.element(part, values);
        else this.text(part, values);
      }
      c.u8(0x04);
    }
    c.dv.setUint32(sizeAt, c.n - sizeAt - 4, true);
  }

  private finishChunk(): void {
    const c = this.chunk;
    const b = c.buf;
    const dv = c.dv;
    b.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]); // ElfChnk\0
    const last = this.chunkFirst + BigInt(this.chunkRecords) - 1n;
    dv.setBigUint64(8, this.chunkFirst, true);
    dv.setBigUint64(16, last, true);
    dv.setBigUint64(24, this.chunkFirst, true);
    dv.setBigUint64(32, last, true);
    dv.setUint32(40, 128, true);
    dv.setUint32(44, this.lastRecordOffset, true);
    dv.setUint32(48, c.n, true);
    dv.setUint32(52, crc32(b, CHUNK_HEADER, c.n), true);
    dv.setUint32(124, crc32(b, 128, CHUNK_HEADER, crc32(b, 0, 120)), true);
    this.onChunk(b);
    this.chunks++;
    this.startChunk();
  }

  /** Ends the last chunk; returns the 4 KiB file header, which goes first in the file. */
  finish(): Uint8Array {
    if (this.chunkRecords > 0) this.finishChunk();
    const b = new Uint8Array(FILE_HEADER);
    const dv = new DataView(b.buffer);
    b.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]); // ElfFile\0
    dv.setBigUint64(8, 0n, true);
    dv.setBigUint64(16, BigInt(Math.max(0, this.chunks - 1)), true);
    dv.setBigUint64(24, this.nextId, true);
    dv.setUint32(32, 128, true);
    dv.setUint16(36, 1, true);
    dv.setUint16(38, 3, true);
    dv.setUint16(40, FILE_HEADER, true);
    dv.setUint16(42, Math.min(this.chunks, 0xffff), true);
    dv.setUint32(124, crc32(b, 0, 120), true);
    return b;
  }
}

/** A whole file in memory (small files: tests). */
export function writeEvtx(
  events: Array<{ template: WTemplate; values: WValue[]; written?: number }>,
): Uint8Array {
  const chunks: Uint8Array[] = [];
  const w = new EvtxWriter((c) => chunks.push(c));
  for (const e of events) w.add(e.template, e.values, e.written);
  const header = w.finish();
  const out = new Uint8Array(header.length + chunks.length * CHUNK);
  out.set(header);
  chunks.forEach((c, i) => out.set(c, FILE_HEADER + i * CHUNK));
  return out;
}
