// Reads a field path from an ECS document written either nested (`{event: {category}}`)
// or flat (`{"event.category": …}`), or any mix of the two. Only a document's own keys are
// fields, as the compiled queries read them: `constructor` or `toString` are no field of a
// parsed object, and `length` none of a list.
import type { Doc } from '../eql/compiled.ts';

const own = Object.hasOwn;

export function readField(doc: Doc, path: string): unknown {
  if (own(doc, path)) return doc[path];
  let names = namesByPath.get(path);
  if (!names) {
    // Paths come from queries and the app's own code: few, asked again and again.
    if (namesByPath.size >= MAX_PATHS) namesByPath.clear();
    namesByPath.set(path, (names = joinedNames(path.split('.'))));
  }
  return walk(doc, names, 0);
}

const namesByPath = new Map<string, string[][]>();
const MAX_PATHS = 1024;

/** names[i][j - i]: the path's parts i..j joined with dots, every way a key may spell them. */
function joinedNames(parts: readonly string[]): string[][] {
  return parts.map((_, i) => parts.slice(i).map((__, k) => parts.slice(i, i + k + 1).join('.')));
}

/** The value at parts `from`.. of `node`, each step a nested key or a flat dotted one. */
function walk(node: unknown, names: readonly string[][], from: number): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const obj = node as Record<string, unknown>;
  const n = names.length;
  const row = names[from];
  for (let i = from; i < n; i++) {
    const name = row[i - from];
    if (own(obj, name)) {
      if (i === n - 1) return obj[name];
      const found = walk(obj[name], names, i + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * A reader for one path, split once: the hot path reads the same field for every event. An
 * event without the field (or with it spelled flat, lower down) takes the search `readField`
 * makes, over names joined here once rather than per event.
 */
export function fieldReader(path: string): (doc: Doc) => unknown {
  const parts = path.split('.');
  if (parts.length === 1) return (doc) => (own(doc, path) ? doc[path] : undefined);
  const names = joinedNames(parts);
  return (doc) => {
    if (own(doc, path)) return doc[path];
    let node: unknown = doc;
    for (const p of parts) {
      if (node === null || typeof node !== 'object' || Array.isArray(node) || !own(node, p))
        return walk(doc, names, 0);
      node = (node as Record<string, unknown>)[p];
      if (node === undefined) return walk(doc, names, 0);
    }
    return node;
  };
}
