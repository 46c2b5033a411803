// Hunt results are events or sequences, not alerts: their table shows time, host, category and
// the fields the query itself names (for events), or the join keys and steps (for sequences).
import type { AlertDetail, JsonDoc } from '../../worker/app-api';

export interface HuntRow {
  id: string;
  timestamp: number;
  host: string;
  category: string;
  /** One value per field of `queryFields`, as display text. */
  values: string[];
  /** Sequences: the join keys shared by their events. */
  joinKeys: string;
  steps: number;
}

// Shown in their own columns already.
const SHOWN = new Set(['@timestamp', 'host.name', 'event.category']);

/**
 * The fields a query names, in order of first use: identifiers outside string literals that are
 * fields of the session (so keywords, functions and values drop out).
 */
export function queryFields(query: string, known: readonly string[]): string[] {
  const fields = new Set(known);
  const code = query.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ');
  const out: string[] = [];
  for (const [name] of code.matchAll(/[A-Za-z_@][\w.@-]*/g)) {
    if (fields.has(name) && !SHOWN.has(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

function text(value: unknown): string {
  if (value == null) return '';
  if (Array.isArray(value)) return value.map(text).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A dotted field of an ECS document, flat (`"a.b": 1`) or nested (`a: { b: 1 }`). */
export function fieldValue(doc: JsonDoc | null, path: string): unknown {
  if (!doc) return undefined;
  if (path in doc) return doc[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  // Try every split point: `process.parent.name` may be nested as process → "parent.name".
  for (let i = dot; i >= 0; i = path.indexOf('.', i + 1)) {
    const head = doc[path.slice(0, i)];
    if (head && typeof head === 'object' && !Array.isArray(head)) {
      const v = fieldValue(head as JsonDoc, path.slice(i + 1));
      if (v !== undefined) return v;
    }
  }
  return undefined;
}

export function huntRows(rows: readonly AlertDetail[], fields: readonly string[]): HuntRow[] {
  return rows.map((r) => {
    const docs = r.steps.filter((s) => !s.missing).map((s) => s.doc);
    const first = docs[0] ?? null;
    const categories = [...new Set(docs.map((d) => text(fieldValue(d, 'event.category'))))];
    return {
      id: r.id,
      timestamp: r.timestamp,
      host: r.host || text(fieldValue(first, 'host.name')),
      category: categories.filter(Boolean).join(' → '),
      values: fields.map((f) => text(fieldValue(first, f))),
      joinKeys: r.joinKeys.map(text).join(', '),
      steps: r.steps.length,
    };
  });
}
