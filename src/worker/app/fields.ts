// Reading ECS fields from documents written nested, flat (dotted keys) or mixed, the way the
// engine and EQL read them, so that exceptions and summaries see what the rule saw.
import { readField as readDocField } from '../../engine/index.ts';
import type { JsonDoc } from '../app-api.ts';

/** The engine's reader, tolerating a missing document (an evidence step of a missing event). */
export function readField(doc: JsonDoc | null | undefined, path: string): unknown {
  return doc ? readDocField(doc, path) : undefined;
}

/** Every leaf of a document as `dotted.path → value`; arrays stay whole values. */
export function flatten(doc: unknown, prefix = '', out: Record<string, unknown> = {}) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    if (prefix) out[prefix] = doc;
    return out;
  }
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      flatten(value, path, out);
    else out[path] = value;
  }
  return out;
}

/** A field value as one line of text: strings as they are, the rest as JSON. */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The first of several candidate fields that holds something. */
export function firstText(doc: JsonDoc | null | undefined, paths: readonly string[]): string {
  for (const path of paths) {
    const text = textOf(readField(doc, path));
    if (text) return text;
  }
  return '';
}
