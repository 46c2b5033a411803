// Layout choices (column widths, the detail panel's width) survive reloads in localStorage.
// Storage can be absent or full (private windows, file:// in some browsers): layout then
// simply starts from the defaults, it is never worth an error.

export function loadLayout<T>(key: string, fallback: T): T {
  try {
    const raw = globalThis.localStorage?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

export function saveLayout(key: string, value: unknown): void {
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify(value));
  } catch {
    // Layout is a convenience; see above.
  }
}

/** The smallest width a column track may take, in pixels (`minmax(160px, 2fr)` → 160). */
export function minPixels(track: string): number {
  const m = /(\d+(?:\.\d+)?)px/.exec(track);
  return m ? Number(m[1]) : 40;
}
