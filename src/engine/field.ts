// Reads a field path from an ECS document written either nested (`{event: {category}}`)
// or flat (`{"event.category": …}`), or any mix of the two.
import type { Doc } from '../eql/compiled.ts';

export function readField(doc: Doc, path: string): unknown {
  if (path in doc) return doc[path];
  const parts = path.split('.');
  return walk(doc, parts, 0);
}

function walk(node: unknown, parts: string[], from: number): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const obj = node as Record<string, unknown>;
  let name = '';
  for (let i = from; i < parts.length; i++) {
    name = name ? `${name}.${parts[i]}` : parts[i];
    if (name in obj) {
      if (i === parts.length - 1) return obj[name];
      const found = walk(obj[name], parts, i + 1);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
