// The order Elasticsearch returns samples in: its composite aggregation over the join keys,
// ascending, one key position after another, with a missing (null) value before any value.
// Within a position numbers order numerically and strings by code point (the UTF-8 byte
// order of keyword terms); values of different types, which one ES mapping cannot hold,
// order null, boolean, number, string. Two IPv4 addresses order by address, as ECS maps
// them as `ip` (the language's comparisons read them the same way).

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

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function compareIpv4(a: string, b: string): number | null {
  const x = IPV4.exec(a);
  const y = x && IPV4.exec(b);
  if (!x || !y) return null;
  for (let i = 1; i <= 4; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d;
  }
  return compareCodePoints(a, b);
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
      return compareIpv4(x as string, y as string) ?? compareCodePoints(x as string, y as string);
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
