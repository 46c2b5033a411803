// Event times as epoch milliseconds. Every Windows export writes UTC except NXLog's local
// EventTime; a timestamp without a zone (python-evtx, Sysmon UtcTime) is UTC.

const ISOISH =
  /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|[+-]\d\d:?\d\d)?$/i;

export function parseTime(v: unknown): number | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    // Velociraptor writes epoch seconds (with a fraction); anything larger is milliseconds.
    return v < 1e11 ? Math.round(v * 1000) : Math.round(v);
  }
  if (typeof v !== 'string' || v.length < 10) return null;
  if (v.charCodeAt(0) === 0x2f && v.startsWith('/Date(')) {
    const ms = parseInt(v.slice(6), 10);
    return Number.isFinite(ms) ? ms : null;
  }
  const m = ISOISH.exec(v.trim());
  if (!m) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  const frac = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], frac);
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2, 4)) * 60_000;
  }
  return Number.isFinite(ms) ? ms : null;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
