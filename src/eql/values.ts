// How untyped event values compare. Elasticsearch types every field through its mapping;
// here a field is whatever the JSON holds, so numbers and numeric strings compare
// numerically (`"5985" == 5985`), other strings compare by UTF-16 code units, a boolean
// equals the strings "true"/"false" (exports often quote them), and anything else that
// cannot be compared is unknown (null), never an exception.

/** A value that takes part in three-valued logic: true, false or null (unknown). */
export type Truth = boolean | null;

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The number a value stands for, or NaN. Numeric strings count; booleans do not. */
export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  if (typeof v === 'bigint') return Number(v);
  return NaN;
}

/** null for absent, null, and multi-valued fields with no usable value. */
export function isNullish(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.every(isNullish);
  return false;
}

/**
 * Three-way comparison of two single (non-array) values: negative, zero, positive, or NaN
 * when they are not comparable (null, mismatched types, objects).
 */
export function compareScalars(a: unknown, b: unknown): number {
  if (a === null || a === undefined || b === null || b === undefined) return NaN;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'string' && tb === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (ta === 'number' && tb === 'number') return (a as number) - (b as number);
  if (ta === 'boolean' && tb === 'boolean') return Number(a) - Number(b);
  if ((ta === 'number' || ta === 'string') && (tb === 'number' || tb === 'string'))
    return toNumber(a) - toNumber(b);
  if (ta === 'boolean' && tb === 'string')
    return a === (b === 'true') && /^(true|false)$/.test(b as string) ? 0 : NaN;
  if (tb === 'boolean' && ta === 'string')
    return b === (a === 'true') && /^(true|false)$/.test(a as string) ? 0 : NaN;
  return NaN;
}

const VERSION = /^\d+(\.\d+)+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

// Semantic-version order: numeric parts compare as numbers, a pre-release (`-SNAPSHOT`)
// sorts before its release, build metadata (`+…`) is ignored.
function compareVersions(a: string, b: string): number {
  const [coreA, preA] = a.replace(/\+.*$/, '').split(/-(.*)/s);
  const [coreB, preB] = b.replace(/\+.*$/, '').split(/-(.*)/s);
  const pa = coreA.split('.').map(Number);
  const pb = coreB.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  if (preA === undefined || preB === undefined)
    return (preA === undefined ? 1 : 0) - (preB === undefined ? 1 : 0);
  return preA < preB ? -1 : preA > preB ? 1 : 0;
}

/**
 * Like compareScalars, for <, <=, > and >=: strings that both look like versions or IPv4
 * addresses (`1.11.3`, `10.0.0.5`) order numerically part by part, as Elasticsearch's
 * version and ip field types order them, instead of character by character.
 */
export function orderScalars(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string' && VERSION.test(a) && VERSION.test(b))
    return compareVersions(a, b);
  return compareScalars(a, b);
}

/**
 * Lifts a scalar predicate over multi-valued fields: true when any value satisfies it,
 * null when there is no usable value, false otherwise.
 */
export function anyValue(v: unknown, test: (x: unknown) => Truth): Truth {
  if (!Array.isArray(v)) return v === null || v === undefined ? null : test(v);
  let sawFalse = false;
  for (const x of v) {
    if (x === null || x === undefined) continue;
    const r = Array.isArray(x) ? anyValue(x, test) : test(x);
    if (r === true) return true;
    if (r === false) sawFalse = true;
  }
  return sawFalse ? false : null;
}

/** Elasticsearch renders values as text for string functions and `:`. */
export function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.length > 0 ? toText(v[0]) : null;
  return JSON.stringify(v);
}

/** First value of a multi-valued field, as functions see it. */
export function single(v: unknown): unknown {
  if (Array.isArray(v)) {
    for (const x of v) if (x !== null && x !== undefined) return single(x);
    return null;
  }
  return v === undefined ? null : v;
}
