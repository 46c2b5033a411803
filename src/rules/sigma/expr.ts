// A small boolean tree between Sigma and EQL text: conditions combine search identifiers
// freely, and printing from a tree gets the parentheses right once, in one place.

export type Expr =
  /** `fields`: what the predicate reads; a missing field makes it null, not false. */
  | { kind: 'pred'; text: string; fields: string[] }
  | { kind: 'and'; items: Expr[] }
  | { kind: 'or'; items: Expr[] }
  | { kind: 'not'; item: Expr }
  | { kind: 'const'; value: boolean };

export const pred = (text: string, fields: string[] = []): Expr => ({ kind: 'pred', text, fields });
export const TRUE: Expr = { kind: 'const', value: true };
export const FALSE: Expr = { kind: 'const', value: false };

function flat(kind: 'and' | 'or', items: Expr[]): Expr {
  const absorbing = kind === 'or'; // true absorbs an or, false absorbs an and
  const out: Expr[] = [];
  for (const item of items) {
    if (item.kind === 'const') {
      if (item.value === absorbing) return item;
      continue;
    }
    if (item.kind === kind) out.push(...item.items);
    else out.push(item);
  }
  if (out.length === 0) return { kind: 'const', value: !absorbing };
  return out.length === 1 ? out[0] : { kind, items: out };
}

export const and = (items: Expr[]): Expr => flat('and', items);
export const or = (items: Expr[]): Expr => flat('or', items);

export function not(item: Expr): Expr {
  if (item.kind === 'const') return { kind: 'const', value: !item.value };
  if (item.kind === 'not') return item.item;
  return { kind: 'not', item };
}

const RANK = { or: 1, and: 2, not: 3, pred: 4, const: 4 } as const;

/**
 * EQL text; predicates are atoms (comparisons, calls), wrapped only where precedence asks.
 *
 * EQL is three-valued: `f : "x"` is null when `f` is missing, and `not null` is null, so
 * `selection and not filter` would drop every event lacking the filter's field. Sigma means
 * "the filter does not match" there, so under a negation each predicate is guarded with
 * `?f != null and …`, which is false (not null) when the field is missing.
 */
export function print(e: Expr, negated = false): string {
  switch (e.kind) {
    case 'pred':
      if (!negated || e.fields.length === 0) return e.text;
      return [...e.fields.map((f) => `${f} != null`), e.text].join(' and ');
    case 'const':
      return e.value ? 'true' : 'false';
    case 'not':
      return `not ${wrap(e.item, RANK.not, !negated)}`;
    case 'and':
    case 'or':
      return e.items.map((i) => wrap(i, RANK[e.kind], negated)).join(` ${e.kind} `);
  }
}

function wrap(e: Expr, parent: number, negated: boolean): string {
  const text = print(e, negated);
  if (e.kind === 'pred' && negated && e.fields.length > 0) return `(${text})`;
  // A predicate like `a : "x"` binds tighter than not/and/or, but wrapping it under `not`
  // keeps the text unambiguous to a reader.
  if (e.kind === 'pred') return parent === RANK.not ? `(${text})` : text;
  return RANK[e.kind] <= parent && e.kind !== 'not' ? `(${text})` : text;
}
