// Display formats shared by every view. Times are UTC unless the user switched to local time,
// and the zone is always printed next to the value so a screenshot cannot be misread.

export type TimeZoneMode = 'utc' | 'local';

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatTime(ms: number | null | undefined, zone: TimeZoneMode = 'utc'): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '—';
  const utc = zone === 'utc';
  const y = utc ? d.getUTCFullYear() : d.getFullYear();
  const mo = utc ? d.getUTCMonth() : d.getMonth();
  const day = utc ? d.getUTCDate() : d.getDate();
  const h = utc ? d.getUTCHours() : d.getHours();
  const mi = utc ? d.getUTCMinutes() : d.getMinutes();
  const s = utc ? d.getUTCSeconds() : d.getSeconds();
  const msec = utc ? d.getUTCMilliseconds() : d.getMilliseconds();
  return `${y}-${pad(mo + 1)}-${pad(day)} ${pad(h)}:${pad(mi)}:${pad(s)}.${pad(msec, 3)}`;
}

/** The label printed beside times: "UTC" or the browser's zone with its current offset. */
export function zoneLabel(zone: TimeZoneMode): string {
  if (zone === 'utc') return 'UTC';
  const offset = -new Date().getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const name = Intl.DateTimeFormat().resolvedOptions().timeZone || 'local';
  return `${name} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}

export function formatBytes(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms == null || !Number.isFinite(ms)) return '—';
  const neg = ms < 0;
  let v = Math.abs(ms);
  if (v < 1000) return `${neg ? '-' : ''}${Math.round(v)} ms`;
  v = v / 1000;
  if (v < 60) return `${neg ? '-' : ''}${v.toFixed(v < 10 ? 2 : 1)} s`;
  const h = Math.floor(v / 3600);
  const m = Math.floor((v % 3600) / 60);
  const s = Math.floor(v % 60);
  return `${neg ? '-' : ''}${h > 0 ? `${h} h ` : ''}${m} min ${s} s`;
}

/** "1 alert", "3 alerts", "1,204 events". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${formatCount(n)} ${n === 1 ? word : many}`;
}

// One formatter for every count: toLocaleString builds a new one per call, which showed up in
// profiles of a scan's progress updates.
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number | null | undefined): string {
  if (n == null || !Number.isFinite(n)) return '—';
  return COUNT.format(Math.round(n));
}

/** Parses a datetime-local input value as UTC or local time; null when empty or invalid. */
export function parseTimeInput(value: string, zone: TimeZoneMode): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1, 6).map(Number);
  const sec = m[6] ? Number(m[6]) : 0;
  const milli = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const t =
    zone === 'utc'
      ? Date.UTC(y, mo - 1, d, h, mi, sec, milli)
      : new Date(y, mo - 1, d, h, mi, sec, milli).getTime();
  return Number.isFinite(t) ? t : null;
}
