// Binary XML: the token stream of template definitions and records, parsed into a small tree
// whose substitution slots are filled per record. Offsets are relative to the chunk; names and
// template definitions live anywhere in the chunk and are referred to by offset.
import { utf16 } from './strings.ts';
import { CLOSE, LEAD, NO_ATTRIBUTES, OPEN, substitution, tagText } from './template-pieces.ts';
import { EvtxFormatError } from './value-types.ts';

export const enum Token {
  EndOfStream = 0x00,
  OpenStartElement = 0x01,
  CloseStartElement = 0x02,
  CloseEmptyElement = 0x03,
  EndElement = 0x04,
  Value = 0x05,
  Attribute = 0x06,
  CData = 0x07,
  CharRef = 0x08,
  EntityRef = 0x09,
  PITarget = 0x0a,
  PIData = 0x0b,
  TemplateInstance = 0x0c,
  NormalSubstitution = 0x0d,
  OptionalSubstitution = 0x0e,
  FragmentHeader = 0x0f,
}

const HAS_MORE = 0x40;

export interface Substitution {
  kind: 'sub';
  index: number;
  /** Optional: a NULL value leaves the attribute out (normal ones render it empty). */
  optional: boolean;
}

export interface Element {
  kind: 'element';
  name: string;
  attrs: Attribute[];
  content: Part[];
  /** `<name` and `</name>`: the XML text of a record is written from these (direct.ts). */
  open: string;
  close: string;
  /**
   * The attributes can be written in their order: no name twice, none an array index or
   * `__proto__` (which an object, as the tree keeps attributes, would reorder or drop).
   */
  plainAttrs: boolean;
}

export interface Attribute {
  name: string;
  parts: Array<string | Substitution>;
  /** ` name="`, as written in the XML text. */
  lead: string;
}

/** Substitution values of one template instance: type, chunk offset and size of each. */
export interface Values {
  // Plain arrays of small integers: three typed arrays per record cost more to allocate.
  types: number[];
  offsets: number[];
  sizes: number[];
  /** How many values (the arrays of a record's own instance are reused and may hold more). */
  count: number;
}

export interface Instance {
  kind: 'instance';
  template: Template;
  values: Values;
}

export type Part = string | Element | Substitution | Instance;

export interface Template {
  offset: number;
  parts: Part[];
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

// Real templates nest a handful of levels; anything deeper is a damaged or hostile file.
const MAX_DEPTH = 64;

/** Parses the Binary XML of one chunk; remembers its names and templates until reset. */
export class BinXmlParser {
  b: Uint8Array = new Uint8Array(0);
  dv: DataView = new DataView(new ArrayBuffer(0));
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, Template | null>();
  /** Upper bound of the chunk's data (its size). */
  limit = 0;

  reset(chunk: Uint8Array): void {
    this.b = chunk;
    this.dv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.limit = chunk.length;
    this.names.clear();
    this.templates.clear();
  }

  /** The tokens from `pos` to an end of stream (or `end`), as parts. */
  fragment(pos: number, end: number, depth = 0): { parts: Part[]; end: number } {
    const parts: Part[] = [];
    const p = this.content(pos, end, parts, depth, true, false);
    return { parts, end: p };
  }

  // A record's own fragment is read once per record and dropped when the record is built, so
  // its parts, template instance and values are the same objects every time (fragments inside
  // values and templates, which are kept per chunk or read while these are in use, are not).
  private readonly recordParts: Part[] = [];
  private readonly recordValues: Values = { types: [], offsets: [], sizes: [], count: 0 };

  /** Like fragment, for a record's binary XML: valid until the next record's. */
  recordFragment(pos: number, end: number): Part[] {
    const parts = this.recordParts;
    parts.length = 0;
    this.content(pos, end, parts, 0, true, true);
    return parts;
  }

  private need(pos: number, n: number, end: number, what: string): void {
    if (pos < 0 || pos + n > end)
      throw new EvtxFormatError(
        `${what} at chunk offset ${pos} runs past its data (ends at ${end})`,
      );
  }

  /** Content tokens until an end element (not consumed) or end of stream (consumed). */
  private content(
    pos: number,
    end: number,
    out: Part[],
    depth: number,
    top: boolean,
    record: boolean,
  ): number {
    if (depth > MAX_DEPTH) throw new EvtxFormatError(`elements nested more than ${MAX_DEPTH} deep`);
    const b = this.b;
    while (pos < end) {
      const tok = b[pos];
      switch (tok & 0x0f) {
        case Token.EndOfStream:
          return pos + 1;
        case Token.FragmentHeader:
          pos += 4;
          break;
        case Token.OpenStartElement: {
          const r = this.element(pos, end, depth + 1);
          out.push(r.element);
          pos = r.end;
          break;
        }
        case Token.EndElement:
          if (top)
            throw new EvtxFormatError(
              `end element token without an open element at chunk offset ${pos}`,
            );
          return pos;
        case Token.TemplateInstance: {
          const r = this.instance(pos, end, depth + 1, record);
          out.push(r.instance);
          pos = r.end;
          // A template instance is a whole fragment: nothing of it follows its values.
          if (top) return pos;
          break;
        }
        case Token.PITarget:
          this.need(pos, 5, end, 'processing instruction');
          pos = this.nameEnd(pos + 1, end);
          break;
        case Token.PIData:
          this.need(pos, 3, end, 'processing instruction data');
          pos += 3 + 2 * this.dv.getUint16(pos + 1, true);
          break;
        case Token.CloseStartElement:
        case Token.CloseEmptyElement:
        case Token.Attribute:
          throw new EvtxFormatError(
            `unexpected token 0x${tok.toString(16)} at chunk offset ${pos}`,
          );
        default:
          pos = this.valuePart(pos, end, out);
      }
    }
    if (pos > end)
      throw new EvtxFormatError(`binary XML runs past its data at chunk offset ${end}`);
    return pos;
  }

  /** One text-like token (value, CDATA, character/entity reference, substitution). */
  private valuePart(pos: number, end: number, out: Array<string | Substitution | Part>): number {
    const b = this.b;
    const dv = this.dv;
    const tok = b[pos] & 0x0f;
    switch (tok) {
      case Token.Value: {
        this.need(pos, 4, end, 'value');
        // Value tokens always hold a UTF-16 string (type 1) with its length in characters.
        const n = dv.getUint16(pos + 2, true);
        this.need(pos + 4, 2 * n, end, 'value text');
        out.push(utf16(b, pos + 4, n));
        return pos + 4 + 2 * n;
      }
      case Token.CData: {
        this.need(pos, 3, end, 'CDATA section');
        const n = dv.getUint16(pos + 1, true);
        this.need(pos + 3, 2 * n, end, 'CDATA text');
        out.push(utf16(b, pos + 3, n));
        return pos + 3 + 2 * n;
      }
      case Token.CharRef:
        this.need(pos, 3, end, 'character reference');
        out.push(String.fromCharCode(dv.getUint16(pos + 1, true)));
        return pos + 3;
      case Token.EntityRef: {
        this.need(pos, 5, end, 'entity reference');
        const name = this.name(dv.getUint32(pos + 1, true));
        out.push(ENTITIES[name] ?? `&${name};`);
        return this.nameEnd(pos + 1, end);
      }
      case Token.NormalSubstitution:
      case Token.OptionalSubstitution:
        this.need(pos, 4, end, 'substitution');
        out.push(substitution(dv.getUint16(pos + 1, true), tok === Token.OptionalSubstitution));
        return pos + 4;
      default:
        throw new EvtxFormatError(`unknown token 0x${b[pos].toString(16)} at chunk offset ${pos}`);
    }
  }

  private element(pos: number, end: number, depth: number): { element: Element; end: number } {
    const b = this.b;
    const dv = this.dv;
    const hasAttrs = (b[pos] & HAS_MORE) !== 0;
    // token, dependency id (u16), data size (u32), name offset (u32)
    this.need(pos, 11, end, 'element');
    const name = this.name(dv.getUint32(pos + 7, true));
    let p = this.nameEnd(pos + 7, end);
    const el: Element = {
      kind: 'element',
      name,
      attrs: hasAttrs ? [] : NO_ATTRIBUTES,
      content: [],
      open: tagText(OPEN, name),
      close: tagText(CLOSE, name),
      plainAttrs: true,
    };
    if (hasAttrs) {
      this.need(p, 4, end, 'attribute list');
      p += 4;
      for (;;) {
        this.need(p, 5, end, 'attribute');
        const tok = b[p];
        if ((tok & 0x0f) !== Token.Attribute) break;
        const attrName = this.name(dv.getUint32(p + 1, true));
        const attr: Attribute = { name: attrName, parts: [], lead: tagText(LEAD, attrName) };
        p = this.nameEnd(p + 1, end);
        while (p < end && isValueToken(b[p] & 0x0f)) p = this.valuePart(p, end, attr.parts);
        el.attrs.push(attr);
        if ((tok & HAS_MORE) === 0) break;
      }
    }
    if (el.attrs.length > 1) el.plainAttrs = plainNames(el.attrs);
    this.need(p, 1, end, 'element close');
    const close = b[p] & 0x0f;
    if (close === Token.CloseEmptyElement) return { element: el, end: p + 1 };
    if (close !== Token.CloseStartElement)
      throw new EvtxFormatError(
        `element <${name}> not closed: token 0x${b[p].toString(16)} at chunk offset ${p}`,
      );
    p = this.content(p + 1, end, el.content, depth, false, false);
    this.need(p, 1, end, 'end element');
    if ((b[p] & 0x0f) !== Token.EndElement)
      throw new EvtxFormatError(`element <${name}> has no end at chunk offset ${p}`);
    return { element: el, end: p + 1 };
  }

  private instance(
    pos: number,
    end: number,
    depth: number,
    record: boolean,
  ): { instance: Instance; end: number } {
    const dv = this.dv;
    // token, unknown (u8), template id (u32), definition offset (u32)
    this.need(pos, 10, end, 'template instance');
    const defOffset = dv.getUint32(pos + 6, true);
    let p = pos + 10;
    // A definition that lies ahead is written here, inline, the first time it is used.
    if (defOffset === p) {
      this.need(p, 24, end, 'template definition');
      p += 24 + dv.getUint32(p + 20, true);
    }
    const template = this.template(defOffset, depth);
    this.need(p, 4, end, 'substitution count');
    const count = dv.getUint32(p, true);
    p += 4;
    if (count > (end - p) / 4)
      throw new EvtxFormatError(`${count} substitutions do not fit at chunk offset ${p}`);
    // Sized once: grown by push, each array was copied several times per record.
    const values: Values = record
      ? this.recordValues
      : {
          types: new Array<number>(count),
          offsets: new Array<number>(count),
          sizes: new Array<number>(count),
          count,
        };
    values.count = count;
    let v = p + 4 * count;
    for (let i = 0; i < count; i++, p += 4) {
      const size = dv.getUint16(p, true);
      values.sizes[i] = size;
      values.types[i] = this.b[p + 2];
      values.offsets[i] = v;
      v += size;
    }
    if (v > end)
      throw new EvtxFormatError(
        `substitution values run past their record (chunk offset ${v} > ${end})`,
      );
    return { instance: { kind: 'instance', template, values }, end: v };
  }

  private readonly compiling = new Set<number>();

  /** The template defined at `offset`, compiled once per chunk. */
  template(offset: number, depth: number): Template {
    const known = this.templates.get(offset);
    if (known) return known;
    if (known === null) throw new EvtxFormatError(`template at chunk offset ${offset} is damaged`);
    if (this.compiling.has(offset))
      throw new EvtxFormatError(`template at chunk offset ${offset} refers to itself`);
    if (depth > MAX_DEPTH)
      throw new EvtxFormatError(`templates nested more than ${MAX_DEPTH} deep`);
    this.need(offset, 24, this.limit, 'template definition');
    const size = this.dv.getUint32(offset + 20, true);
    const start = offset + 24;
    const end = start + size;
    if (end > this.limit)
      throw new EvtxFormatError(
        `template at chunk offset ${offset} is ${size} bytes, past the chunk`,
      );
    this.compiling.add(offset);
    try {
      const { parts } = this.fragment(start, end, depth);
      const t: Template = { offset, parts };
      this.templates.set(offset, t);
      return t;
    } catch (e) {
      this.templates.set(offset, null);
      throw e;
    } finally {
      this.compiling.delete(offset);
    }
  }

  /** A name (element, attribute, entity) by its chunk offset. */
  name(offset: number): string {
    let s = this.names.get(offset);
    if (s !== undefined) return s;
    // next offset (u32), hash (u16), length in characters (u16), characters, NUL
    this.need(offset, 8, this.limit, 'name');
    const n = this.dv.getUint16(offset + 6, true);
    this.need(offset + 8, 2 * n, this.limit, 'name text');
    s = utf16(this.b, offset + 8, n);
    this.names.set(offset, s);
    return s;
  }

  /** Past a name reference at `pos`: the name is written inline when it points right after. */
  private nameEnd(pos: number, end: number): number {
    const offset = this.dv.getUint32(pos, true);
    const p = pos + 4;
    if (offset !== p) return p;
    this.need(p, 8, end, 'inline name');
    return p + 8 + 2 * this.dv.getUint16(p + 6, true) + 2;
  }
}

function plainNames(attrs: Attribute[]): boolean {
  const seen = new Set<string>();
  for (const a of attrs) {
    const c = a.name.charCodeAt(0);
    if (seen.has(a.name) || a.name === '__proto__' || (c >= 0x30 && c <= 0x39)) return false;
    seen.add(a.name);
  }
  return true;
}

const isValueToken = (t: number) =>
  t === Token.Value ||
  t === Token.NormalSubstitution ||
  t === Token.OptionalSubstitution ||
  t === Token.CharRef ||
  t === Token.EntityRef;
