// The order Elasticsearch returns samples in: its composite aggregation over the join keys,
// ascending, one key position after another, with a missing (null) value before any value.
// Within a position numbers order numerically and strings by code point (the UTF-8 byte
// order of keyword terms); values of different types, which one ES mapping cannot hold,
// order null, boolean, number, string.

const TYPE_RANK: Record<string, number> = { boolean: 1, number: 2, string: 3 };

function rankOf(v: unknown): number {
  if (v === null || v === undefined) return 0;
  return TYPE_RANK[typeof v] ?? 4;
}

/** Code point order: UTF-16 code units misorder astral characters against U+E000–U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function compareValue(x: unknown, y: unknown): number {
  const rx = rankOf(x);
  const ry = rankOf(y);
  if (rx !== ry) return rx - ry;
  switch (rx) {
    case 0:
      return 0;
    case 1:
      return x === y ? 0 : x ? 1 : -1;
    case 2:
      return (x as number) === (y as number) ? 0 : (x as number) < (y as number) ? -1 : 1;
    case 3:
      return compareCodePoints(x as string, y as string);
    default:
      return compareCodePoints(JSON.stringify(x), JSON.stringify(y));
  }
}

/** Compares two join-key tuples the way the composite aggregation orders its buckets. */
export function compareSampleKeys(a: readonly unknown[], b: readonly unknown[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareValue(a[i], b[i]);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}
