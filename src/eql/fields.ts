// Field access, resolved once per path at compile time. Events arrive nested
// (`{process: {pid: 4}}`), flat (`{"process.pid": 4}`) or mixed, so a getter walks the
// nested path first (the fast, common case) and only then looks for dotted keys at any
// level. Arrays of objects along the path are flattened, as Elasticsearch indexes them.
import type { Doc, Getter } from './compiled.ts';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

// Property lookups with a string the engine has not interned pay for a string-table lookup
// on every access; a string that has been an object literal key is interned.
function intern(s: string): string {
  return Object.keys({ [s]: 0 })[0];
}

/** A getter for a dotted field path (`process.parent.name`). `undefined` when absent. */
export function fieldGetter(path: string): Getter {
  const segments = path.split('.').map(intern);
  const n = segments.length;
  // keys[i][j] is segments i..j joined with dots, precomputed so a lookup never allocates.
  const keys = segments.map((_, i) =>
    segments.map((__, j) => intern(segments.slice(i, j + 1).join('.'))),
  );

  // Every way of splitting segments[i..] across object levels, shortest key first.
  const search = (value: unknown, i: number): unknown => {
    if (i === n) return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (const item of value) {
        const v = search(item, i);
        if (v === undefined) continue;
        out ??= [];
        if (Array.isArray(v)) out.push(...v);
        else out.push(v);
      }
      return out;
    }
    if (!isObject(value)) return undefined;
    const row = keys[i];
    for (let j = i; j < n; j++) {
      // hasOwn first: a plain read of an absent key with varying keys is ten times slower
      // in V8, and it keeps inherited members (`constructor`) out of field values.
      if (!Object.hasOwn(value, row[j])) continue;
      const next = (value as Record<string, unknown>)[row[j]];
      if (next === undefined) continue;
      const found = search(next, j + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };

  if (n === 1) {
    const key = segments[0];
    // Only names Object.prototype also has (`constructor`, `__proto__`) need the own-key
    // check; everything else takes the plain read.
    if (key in Object.prototype)
      return (doc: Doc) => (Object.hasOwn(doc, key) ? doc[key] : undefined);
    return (doc: Doc) => doc[key];
  }
  if (n === 2) {
    const [a, b] = segments;
    return (doc: Doc) => {
      const outer = Object.hasOwn(doc, a) ? doc[a] : undefined;
      if (
        typeof outer === 'object' &&
        outer !== null &&
        !Array.isArray(outer) &&
        Object.hasOwn(outer, b)
      )
        return (outer as Record<string, unknown>)[b];
      return search(doc, 0);
    };
  }
  return (doc: Doc) => {
    let v: unknown = doc;
    for (let i = 0; i < n; i++) {
      if (
        typeof v !== 'object' ||
        v === null ||
        Array.isArray(v) ||
        !Object.hasOwn(v, segments[i])
      ) {
        v = undefined;
        break;
      }
      v = (v as Record<string, unknown>)[segments[i]];
    }
    return v !== undefined ? v : search(doc, 0);
  };
}
