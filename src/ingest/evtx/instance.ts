// A template filled with one record's substitution values: the record as an XML element tree,
// the same XmlNode the Event XML reader builds from text.
import type { XmlNode } from '../xml.ts';
import type { BinXmlParser, Part, Values } from './binxml.ts';
import type { Element } from './binxml.ts';
import { EvtxFormatError, renderArray, renderValue, ValueType } from './value-types.ts';

// BinXml values nest fragments in fragments; real events go two or three levels deep.
export const MAX_NESTING = 16;
// Templates that hold many instances of templates that hold many more would expand a few
// bytes into millions of nodes: a record stops at these (real records are far below).
const MAX_PARTS = 200_000;
const MAX_CHARS = 8 << 20;

/** How much one record has expanded so far; reset per record. */
export const budget = { parts: 0, chars: 0 };

export function spend(parts: number, chars: number): void {
  budget.parts += parts;
  budget.chars += chars;
  if (budget.parts > MAX_PARTS || budget.chars > MAX_CHARS)
    throw new EvtxFormatError(
      `the record expands past ${MAX_PARTS} parts or ${MAX_CHARS} characters (templates nested in a loop?)`,
    );
}

export function newNode(name: string): XmlNode {
  return { name, attrs: {}, children: [], text: '' };
}

/** Fills `parts` with `values` into `into` (its text and children). */
export function instantiate(
  parser: BinXmlParser,
  parts: Part[],
  values: Values | null,
  into: XmlNode,
  nesting: number,
): void {
  if (nesting > MAX_NESTING)
    throw new EvtxFormatError(`binary XML values nested more than ${MAX_NESTING} deep`);
  spend(parts.length, 0);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (typeof part === 'string') {
      into.text += part;
      continue;
    }
    switch (part.kind) {
      case 'element': {
        if (values && repeatsPerItem(parser, part, values, into)) break;
        const node = newNode(part.name);
        for (const a of part.attrs) {
          const v = attributeValue(parser, a.parts, values);
          if (v !== null) node.attrs[a.name] = v;
        }
        instantiate(parser, part.content, values, node, nesting);
        into.children.push(node);
        break;
      }
      case 'instance':
        instantiate(parser, part.template.parts, part.values, into, nesting + 1);
        break;
      default: {
        if (!values || part.index >= values.count) break;
        const type = values.types[part.index];
        const size = values.sizes[part.index];
        const o = values.offsets[part.index];
        if (type === ValueType.Null || size === 0) break;
        if (type === ValueType.BinXml) {
          const { parts: inner } = parser.fragment(o, o + size, nesting);
          instantiate(parser, inner, null, into, nesting + 1);
        } else {
          const t = renderValue(parser.b, parser.dv, type, o, size);
          spend(0, t.length);
          into.text += t;
        }
      }
    }
  }
}

/** An attribute's text; null when it is an optional substitution without a value. */
export function attributeValue(
  parser: BinXmlParser,
  parts: Array<string | Part>,
  values: Values | null,
): string | null {
  let s = '';
  let absent = parts.length > 0;
  for (const p of parts) {
    if (typeof p === 'string') {
      s += p;
      absent = false;
      continue;
    }
    if (p.kind !== 'sub') continue;
    if (!values || p.index >= values.count) continue;
    const type = values.types[p.index];
    const size = values.sizes[p.index];
    if (type === ValueType.Null || size === 0) {
      if (!p.optional) absent = false;
      continue;
    }
    absent = false;
    if (type === ValueType.BinXml) continue;
    s += renderValue(parser.b, parser.dv, type, values.offsets[p.index], size);
  }
  return absent ? null : s;
}

// An element whose whole content is one array value is written once per item, as Windows
// renders it (`<Data>a</Data><Data>b</Data>`, the classic EventData string lists).
function repeatsPerItem(parser: BinXmlParser, el: Element, values: Values, into: XmlNode): boolean {
  if (el.content.length !== 1) return false;
  const sub = el.content[0];
  if (typeof sub === 'string' || sub.kind !== 'sub' || sub.index >= values.count) return false;
  const type = values.types[sub.index];
  if (!(type & ValueType.ArrayFlag)) return false;
  const o = values.offsets[sub.index];
  const items = renderArray(parser.b, parser.dv, type & 0x7f, o, values.sizes[sub.index]);
  spend(items.length, values.sizes[sub.index]);
  for (const item of items) {
    const node = newNode(el.name);
    for (const a of el.attrs) {
      const v = attributeValue(parser, a.parts, values);
      if (v !== null) node.attrs[a.name] = v;
    }
    node.text = item;
    into.children.push(node);
  }
  return true;
}
