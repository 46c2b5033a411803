// Field access, resolved once per path at compile time. Events arrive nested
// (`{process: {pid: 4}}`), flat (`{"process.pid": 4}`) or mixed, so a getter walks the
// nested path first (the fast, common case) and only then looks for dotted keys at any
// level. Arrays of objects along the path are flattened, as Elasticsearch indexes them.
import type { Doc, Getter } from './compiled.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

// Every way of splitting segments[i..] across object levels, longest key first.
function search(value: unknown, segments: readonly string[], i: number): unknown {
  if (i === segments.length) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      const v = search(item, segments, i);
      if (v === undefined) continue;
      if (Array.isArray(v)) out.push(...v);
      else out.push(v);
    }
    return out.length > 0 ? out : undefined;
  }
  if (!isObject(value)) return undefined;
  let key = segments[i];
  for (let j = i; ;) {
    if (key in value) {
      const found = search(value[key], segments, j + 1);
      if (found !== undefined) return found;
    }
    if (++j === segments.length) return undefined;
    key += '.' + segments[j];
  }
}

/** A getter for a dotted field path (`process.parent.name`). `undefined` when absent. */
export function fieldGetter(path: string): Getter {
  const segments = path.split('.');
  if (segments.length === 1) {
    const key = segments[0];
    return (doc: Doc) => doc[key];
  }
  if (segments.length === 2) {
    const [a, b] = segments;
    return (doc: Doc) => {
      const outer = doc[a];
      if (isObject(outer) && !Array.isArray(outer)) {
        const v = outer[b];
        if (v !== undefined) return v;
      }
      const flat = doc[path];
      return flat !== undefined ? flat : search(doc, segments, 0);
    };
  }
  return (doc: Doc) => {
    let v: unknown = doc;
    for (let i = 0; i < segments.length; i++) {
      if (!isObject(v) || Array.isArray(v)) {
        v = undefined;
        break;
      }
      v = v[segments[i]];
    }
    if (v !== undefined) return v;
    const flat = doc[path];
    return flat !== undefined ? flat : search(doc, segments, 0);
  };
}
