// TOML dates and bigints are not plain JSON; rules must survive IndexedDB and postMessage
// unchanged, so they are turned into strings and numbers on the way in.
export function toPlainJson(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (typeof value === 'object') {
    // smol-toml's TomlDate is a Date subclass, but local dates/times print better via toString.
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = toPlainJson(v);
    return out;
  }
  return String(value);
}
