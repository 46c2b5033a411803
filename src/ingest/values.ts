// Typing raw event values the way ECS wants them: numbers, booleans, no placeholders.

/** Windows writes `-` (and Sysmon a null GUID) for "no value". */
export function present(v: unknown): v is string {
  return (
    typeof v === 'string' && v !== '' && v !== '-' && v !== '{00000000-0000-0000-0000-000000000000}'
  );
}

/** Decimal or `0x` hex (Security 4688 writes `0x58`) to a number; undefined when unusable. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string' || v === '' || v === '-') return undefined;
  const s = v.trim();
  const n =
    s.length > 2 && s[0] === '0' && (s[1] === 'x' || s[1] === 'X') ? parseInt(s, 16) : Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function toBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const s = v.toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

/** Event data values as Winlogbeat keeps them: strings. */
export function asString(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** The last path segment of a Windows path; the whole value when it has no backslash (`System`). */
export function basename(path: string): string {
  const i = path.lastIndexOf('\\');
  return i < 0 ? path : path.slice(i + 1);
}
