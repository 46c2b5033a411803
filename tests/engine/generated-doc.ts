// Generated events: fields written either as one dotted key or as nested objects, since ECS
// documents arrive both ways and the plan must read them alike.
import type { Doc } from '../../src/eql/compiled.ts';

/** Sets each (path, value, flat) into `doc`: flat as the dotted key, else as nested objects. */
export function withFields(
  doc: Doc,
  fields: readonly (readonly [string, unknown, boolean])[],
): Doc {
  for (const [path, v, flat] of fields) {
    if (flat) doc[path] = v;
    else {
      const [head, ...rest] = path.split('.');
      let node = (doc[head] ??= {}) as Record<string, unknown>;
      for (const seg of rest.slice(0, -1)) node = (node[seg] ??= {}) as Record<string, unknown>;
      node[rest[rest.length - 1]] = v;
    }
  }
  return doc;
}
