// Elasticsearch rejects a query naming a field no index maps ("Unknown column [proces.nme],
// did you mean [process.name]?"). Sequent is schemaless, but a caller that knows which
// fields its events carry can say the same: which fields a query names, which of them no
// event has, and the known names closest to each. `?field` is exempt, as in Elasticsearch:
// it exists to name fields that may be absent.
import type * as ast from './ast.ts';
import { fieldPath, walk } from './walk.ts';

export interface NamedField {
  readonly field: string;
  /** Every occurrence was written `?field`. */
  readonly optional: boolean;
  /** Where it is first named. */
  readonly span: ast.Span;
}

export interface UnknownField extends NamedField {
  /** Known field names close to it, closest first (at most three). */
  readonly suggestions: readonly string[];
}

/** The fields a query names, deduplicated, in source order. */
export function namedFields(query: ast.Query): NamedField[] {
  const byPath = new Map<string, { field: string; optional: boolean; span: ast.Span }>();
  walk(query, (n) => {
    if (n.type !== 'Field') return;
    const field = fieldPath(n);
    const seen = byPath.get(field);
    if (seen) seen.optional &&= n.optional;
    else byPath.set(field, { field, optional: n.optional, span: n.span });
  });
  return [...byPath.values()];
}

/**
 * The fields events carry, ready to be asked about by many queries: a rule set of a thousand
 * rules names the same few absent fields (`process.code_signature.trusted`…) hundreds of
 * times, and each is looked up among the known names once.
 */
export class KnownFields {
  readonly #paths: Set<string>;
  readonly #prefixes = new Set<string>();
  readonly #list: readonly string[];
  readonly #closest = new Map<string, string[]>();

  constructor(known: Iterable<string>) {
    this.#paths = new Set(known);
    for (const p of this.#paths) {
      for (let i = p.indexOf('.'); i > 0; i = p.indexOf('.', i + 1))
        this.#prefixes.add(p.slice(0, i));
    }
    this.#list = [...this.#paths];
  }

  /** A known path, or an object above one. */
  has(field: string): boolean {
    return this.#paths.has(field) || this.#prefixes.has(field);
  }

  /** `closestFields` among the known names, remembered per name. */
  closest(name: string): string[] {
    let found = this.#closest.get(name);
    if (!found) this.#closest.set(name, (found = closestFields(name, this.#list)));
    return found;
  }
}

/**
 * The non-optional fields of `query` that are not among `known` (dotted paths of the fields
 * events carry). A name counts as known when it is a known path or an object above one.
 */
export function unknownFields(
  query: ast.Query,
  known: Iterable<string> | KnownFields,
): UnknownField[] {
  const fields = known instanceof KnownFields ? known : new KnownFields(known);
  return namedFields(query)
    .filter((f) => !f.optional && !fields.has(f.field))
    .map((f) => ({ ...f, suggestions: fields.closest(f.field) }));
}

/**
 * Known names within edit distance of `name`: at most 30% of the longer name's length
 * (the similarity Elasticsearch's suggestions ask for) and at most one edit further than
 * the closest, so a near-certain match is not drowned in remote ones; closest first, then
 * by name.
 */
export function closestFields(name: string, known: readonly string[], max = 3): string[] {
  const scored: { path: string; d: number }[] = [];
  const lower = name.toLowerCase();
  for (const path of known) {
    const limit = Math.max(1, Math.floor(0.3 * Math.max(name.length, path.length)));
    if (Math.abs(path.length - name.length) > limit) continue;
    const d = editDistance(lower, path.toLowerCase(), limit);
    if (d <= limit) scored.push({ path, d });
  }
  scored.sort((a, b) => a.d - b.d || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const best = scored[0]?.d ?? 0;
  return scored
    .filter((s) => s.d <= best + 1)
    .slice(0, max)
    .map((s) => s.path);
}

/**
 * Levenshtein distance counting an adjacent swap as one edit (optimal string alignment);
 * gives up past `limit` (returning limit + 1) so scanning thousands of names stays cheap.
 * The three rows are typed arrays kept between calls: a silent rule's hint compares each of
 * its unknown names with every field of the session, thousands of calls for a large set.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  const width = b.length + 1;
  if (rows[0].length < width) rows = [0, 1, 2].map(() => new Int32Array(2 * width));
  let [prevPrev, prev, row] = rows;
  for (let j = 0; j < width; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj)
        d = Math.min(d, prevPrev[j - 2] + 1);
      row[j] = d;
      if (d < best) best = d;
    }
    if (best > limit) return limit + 1;
    const spare = prevPrev;
    prevPrev = prev;
    prev = row;
    row = spare;
  }
  return prev[b.length];
}

let rows = [0, 1, 2].map(() => new Int32Array(64));

/**
 * The one-line explanation of an empty result: "0 events: the session has no field
 * `proces.nme` (did you mean `process.name`?)". `subject` names the data searched.
 */
export function unknownFieldsMessage(
  unknown: readonly UnknownField[],
  subject = 'the session',
): string {
  const parts = unknown.map((u) => {
    const hint = u.suggestions.length
      ? ` (did you mean ${u.suggestions.map((s) => `\`${s}\``).join(' or ')}?)`
      : '';
    return `\`${u.field}\`${hint}`;
  });
  const noun = unknown.length === 1 ? 'field' : 'fields';
  return `0 events: ${subject} has no ${noun} ${parts.join(', ')}`;
}
