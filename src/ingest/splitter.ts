// RecordSplitter cuts a UTF-8 byte stream into records without ever holding the whole file:
// NDJSON by lines, any other JSON layout (array, concatenated or pretty objects, evtx_dump's
// `Record N` lines) by a small scanner that finds object boundaries, and Event XML by
// `<Event>` elements. Each record keeps its 1-based line and byte offset for messages.

import { countLf, findAscii, indexOfByte, startsWithAscii } from './byte-search.ts';
import { BLOCK, NdjsonBlocks, type NdjsonLines, type SplitterOptions } from './ndjson-blocks.ts';

export type { SplitterOptions } from './ndjson-blocks.ts';

export type Container =
  'ndjson' | 'json array' | 'concatenated json' | 'evtx_dump json' | 'event xml' | 'empty';

export interface RawRecord {
  kind: 'json' | 'xml';
  text: string;
  line: number;
  offset: number;
}

export interface SplitError {
  line: number;
  offset: number;
  message: string;
}

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LT = 0x3c;
// A single record larger than this is certainly broken (an unbalanced brace); resync after it.
const MAX_RECORD = 64 * 1024 * 1024;

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === LF || c === CR;

export class RecordSplitter {
  container: Container | null = null;
  /** Lines starting with `Record N` (evtx_dump) seen between objects. */
  recordMarkers = 0;

  private buf: Uint8Array = new Uint8Array(0);
  /** Absolute byte offset of buf[0]. */
  private base = 0;
  /** Scan position inside buf. */
  private pos = 0;
  /** Line number at `pos`. */
  private line = 1;
  private ended = false;
  private readonly decoder = new TextDecoder('utf-8');
  private readonly blocks: NdjsonBlocks | null;
  private readonly lines: NdjsonLines = {
    emit: (text, s, e, bp) => this.emitLine(text, s, e, bp),
    alone: (bp, nl) => this.decodeLine(bp, nl),
    next: () => void this.line++,
  };

  // JSON scanner state (depth > 0: inside a record that starts at `start`).
  private depth = 0;
  private inString = false;
  private start = -1;
  private startLine = 0;

  constructor(
    private readonly onRecord: (r: RawRecord) => void,
    private readonly onError: (e: SplitError) => void,
    options: SplitterOptions = {},
  ) {
    this.blocks = options.ndjsonBlocks
      ? new NdjsonBlocks(Math.max(1, options.blockBytes ?? BLOCK))
      : null;
  }

  /** Where reading stands: the line being read and the bytes taken in so far. */
  get position(): { line: number; offset: number } {
    return { line: this.line, offset: this.base + this.buf.length };
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.append(chunk);
    this.run();
  }

  end(): void {
    this.ended = true;
    this.run();
    if (this.container === null) this.container = 'empty';
    if (this.container === 'ndjson') {
      if (this.pos < this.buf.length) this.ndjsonLine(this.pos, this.buf.length);
    } else if (this.container === 'event xml') {
      const k = this.xmlPendingStart;
      if (k >= 0)
        this.onError({
          line: this.xmlPendingLine,
          offset: this.base + k,
          message: 'truncated record: the file ends inside an <Event> element',
        });
    } else if (this.depth > 0) {
      this.onError({
        line: this.startLine,
        offset: this.base + this.start,
        message: 'truncated record: the file ends inside a JSON value',
      });
    }
    this.buf = new Uint8Array(0);
  }

  private append(chunk: Uint8Array): void {
    const keepFrom = this.keepFrom();
    const kept = this.buf.length - keepFrom;
    if (kept === 0) {
      this.base += this.buf.length;
      this.pos -= keepFrom;
      this.start = -1;
      this.xmlPendingStart = -1;
      this.buf = chunk;
      return;
    }
    if (this.container === 'ndjson') {
      const nl = indexOfByte(chunk, LF, 0);
      if (nl >= 0) return this.appendAfterLine(keepFrom, chunk, nl);
    }
    const next = new Uint8Array(kept + chunk.length);
    next.set(this.buf.subarray(keepFrom), 0);
    next.set(chunk, kept);
    this.base += keepFrom;
    this.pos -= keepFrom;
    if (this.start >= 0) this.start -= keepFrom;
    if (this.xmlPendingStart >= 0) this.xmlPendingStart -= keepFrom;
    this.buf = next;
  }

  /**
   * NDJSON carries only the tail of one line from chunk to chunk. Joining that line alone and
   * then reading the new chunk in place spares a copy of every chunk, a megabyte allocated
   * outside the JS heap per read (the built-in rules' scan peaked ~15% lower without it).
   */
  private appendAfterLine(keepFrom: number, chunk: Uint8Array, nl: number): void {
    const kept = this.buf.length - keepFrom;
    const line = new Uint8Array(kept + nl);
    line.set(this.buf.subarray(keepFrom), 0);
    line.set(chunk.subarray(0, nl), kept);
    this.base += keepFrom;
    this.buf = line;
    this.ndjsonLine(0, line.length);
    this.line++;
    this.base += line.length + 1;
    this.buf = chunk.subarray(nl + 1);
    this.pos = 0;
  }

  /** The first buffer index still needed after this scan. */
  private keepFrom(): number {
    let k = this.pos;
    if (this.depth > 0 && this.start >= 0) k = Math.min(k, this.start);
    if (this.xmlPendingStart >= 0) k = Math.min(k, this.xmlPendingStart);
    return k;
  }

  private run(): void {
    if (this.container === null && !this.detect()) return;
    switch (this.container) {
      case 'ndjson':
        return this.runNdjson();
      case 'event xml':
        return this.runXml();
      default:
        return this.runJson();
    }
  }

  /** Picks the container from the first bytes; false while there is not enough to tell. */
  private detect(): boolean {
    const b = this.buf;
    let i = this.pos;
    while (i < b.length && isSpace(b[i])) {
      if (b[i] === LF) this.line++;
      i++;
    }
    this.pos = i;
    if (i >= b.length) return false;
    const c = b[i];
    if (c === LT) this.container = 'event xml';
    else if (c === 0x5b) this.container = 'json array';
    else if (c === 0x7b) {
      const nl = indexOfByte(b, LF, i);
      if (nl < 0 && !this.ended && b.length - i < 1 << 20) return false;
      const end = nl < 0 ? b.length : nl;
      const first = this.decoder.decode(b.subarray(i, end)).trim();
      this.container = first.endsWith('}') && parses(first) ? 'ndjson' : 'concatenated json';
    } else if (b.length - i < 7 && !this.ended) return false;
    else if (startsWithAscii(b, i, 'Record ')) this.container = 'evtx_dump json';
    else this.container = 'ndjson';
    return true;
  }

  private runNdjson(): void {
    if (this.blocks) {
      this.pos = this.blocks.run(this.buf, this.pos, this.lines);
      return;
    }
    const b = this.buf;
    let bp = this.pos;
    // One decode per line: in Node, JSON.parse reads a line decoded on its own about twice as
    // fast as the same line sliced out of its whole chunk decoded at once (measured on telemetry).
    for (let nl = indexOfByte(b, LF, bp); nl >= 0; nl = indexOfByte(b, LF, bp)) {
      this.decodeLine(bp, nl);
      this.line++;
      bp = nl + 1;
    }
    this.pos = bp;
  }

  /** One line, bytes bp..nl (nl: its LF), decoded on its own. */
  private decodeLine(bp: number, nl: number): void {
    const b = this.buf;
    const e = nl > bp && b[nl - 1] === CR ? nl - 1 : nl;
    if (e > bp) {
      const text = this.decoder.decode(b.subarray(bp, e));
      this.emitLine(text, 0, text.length, bp);
    }
  }

  private ndjsonLine(from: number, to: number): void {
    const text = this.decoder.decode(this.buf.subarray(from, to));
    let e = text.length;
    if (e > 0 && text.charCodeAt(e - 1) === CR) e--;
    if (e > 0) this.emitLine(text, 0, e, from);
    this.pos = to;
  }

  private emitLine(text: string, s: number, e: number, bp: number): void {
    const c = text.charCodeAt(s);
    if (c === 0x20 || c === 0x09) {
      const t = text.slice(s, e).trim();
      if (!t) return;
    }
    this.onRecord({
      kind: 'json',
      text: text.slice(s, e),
      line: this.line,
      offset: this.base + bp,
    });
  }

  private runJson(): void {
    const b = this.buf;
    const n = b.length;
    let i = this.pos;
    while (i < n) {
      if (this.inString) {
        const q = indexOfByte(b, QUOTE, i);
        if (q < 0) {
          i = n;
          break;
        }
        let bs = 0;
        for (let k = q - 1; k >= 0 && b[k] === BACKSLASH; k--) bs++;
        if ((bs & 1) === 0) this.inString = false;
        i = q + 1;
        continue;
      }
      const c = b[i];
      if (this.depth > 0) {
        if (c === QUOTE) this.inString = true;
        else if (c === 0x7b || c === 0x5b) this.depth++;
        else if (c === 0x7d || c === 0x5d) {
          if (--this.depth === 0) {
            this.onRecord({
              kind: 'json',
              text: this.decoder.decode(b.subarray(this.start, i + 1)),
              line: this.startLine,
              offset: this.base + this.start,
            });
            this.start = -1;
          }
        } else if (c === LF) {
          this.line++;
          if (i - this.start > MAX_RECORD) this.resync(i);
        }
        i++;
        continue;
      }
      if (c === 0x7b) {
        this.depth = 1;
        this.start = i;
        this.startLine = this.line;
      } else if (c === LF) this.line++;
      else if (!(isSpace(c) || c === 0x2c || c === 0x5b || c === 0x5d)) {
        // Text between JSON values: evtx_dump's `Record N` markers, or garbage.
        const eol = indexOfByte(b, LF, i);
        if (eol < 0 && !this.ended) break;
        const end = eol < 0 ? n : eol;
        if (startsWithAscii(b, i, 'Record ')) {
          this.recordMarkers++;
          if (this.container === 'concatenated json') this.container = 'evtx_dump json';
        } else {
          const text = this.decoder.decode(b.subarray(i, Math.min(end, i + 60))).trimEnd();
          this.onError({
            line: this.line,
            offset: this.base + i,
            message: `unexpected text outside a JSON value: ${JSON.stringify(text)}`,
          });
        }
        i = end;
        continue;
      }
      i++;
    }
    this.pos = i;
  }

  private resync(i: number): void {
    this.onError({
      line: this.startLine,
      offset: this.base + this.start,
      message: `record longer than ${MAX_RECORD >> 20} MiB (unbalanced braces?); skipped`,
    });
    this.depth = 0;
    this.inString = false;
    this.start = -1;
    this.pos = i;
  }

  private xmlPendingStart = -1;
  private xmlPendingLine = 0;

  // Event XML keeps the built-in indexOf: its searches span a few dozen bytes, where
  // indexOfByte measured no faster in Chromium and ~25% slower in Node (bench/splitter-ab.ts).
  private runXml(): void {
    const b = this.buf;
    let i = this.pos;
    for (;;) {
      if (this.xmlPendingStart < 0) {
        const lt = b.indexOf(LT, i);
        if (lt < 0) {
          this.line += countLf(b, i, b.length);
          i = b.length;
          break;
        }
        if (lt + 7 > b.length && !this.ended) {
          this.line += countLf(b, i, lt);
          i = lt;
          break;
        }
        this.line += countLf(b, i, lt);
        i = lt;
        if (startsWithAscii(b, lt, '<Event') && isTagEnd(b[lt + 6])) {
          this.xmlPendingStart = lt;
          this.xmlPendingLine = this.line;
        } else {
          i = lt + 1;
          continue;
        }
      }
      const close = findAscii(b, '</Event>', Math.max(i, this.xmlPendingStart));
      if (close < 0) {
        // Keep the element; resume the search near the end next time.
        i = Math.max(this.xmlPendingStart, b.length - 8);
        break;
      }
      const end = close + 8;
      const start = this.xmlPendingStart;
      this.onRecord({
        kind: 'xml',
        text: this.decoder.decode(b.subarray(start, end)),
        line: this.xmlPendingLine,
        offset: this.base + start,
      });
      this.line += countLf(b, start, end);
      this.xmlPendingStart = -1;
      i = end;
    }
    // Lines were counted up to i; when an element is pending, rewind the count to its start.
    if (this.xmlPendingStart >= 0) {
      this.line = this.xmlPendingLine;
      this.pos = this.xmlPendingStart;
    } else this.pos = i;
  }
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isTagEnd(c: number | undefined): boolean {
  return c === 0x20 || c === 0x3e || c === LF || c === CR || c === 0x09 || c === 0x2f;
}
