// Field readers shared by the JSON shapes that copy Windows' System/EventData elements:
// an element may be a bare value, `{ "#text": … }` (evtx_dump) or `{ "Value": … }` (Velociraptor).
import { asString, toNumber } from '../values.ts';
import { isObj } from './shape.ts';

const NULL_GUID = '{00000000-0000-0000-0000-000000000000}';

/** Sysmon's "no value" placeholders, left out while copying (see winEventToEcs). */
export const isPlaceholder = (v: string) => v === '-' || v === '' || v === NULL_GUID;

/** An XML attribute as evtx_dump writes it (`#attributes`), or a plain key. */
export function attr(o: unknown, k: string): unknown {
  if (!isObj(o)) return undefined;
  const a = o['#attributes'];
  if (isObj(a) && k in a) return a[k];
  return o[k];
}

export function textOf(v: unknown): unknown {
  if (isObj(v)) return '#text' in v ? v['#text'] : 'Value' in v ? v.Value : undefined;
  return v;
}

export function str(v: unknown): string | null {
  const s = asString(textOf(v));
  return s === undefined ? null : s;
}

export function num(v: unknown): number | null {
  const n = toNumber(textOf(v));
  return n === undefined ? null : n;
}
