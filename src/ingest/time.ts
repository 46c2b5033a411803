// Event times as epoch milliseconds. Every Windows export writes UTC except NXLog's local
// EventTime; a timestamp without a zone (python-evtx, Sysmon UtcTime) is UTC.

const ISOISH =
  /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s*(Z|[+-]\d\d:?\d\d)?$/i;

// The largest time a JavaScript Date holds.
const MAX_DATE_MS = 8.64e15;

// Days before each month in a non-leap year, for the digit-by-digit fast path.
const CUMULATIVE_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

// NaN for anything but 0-9, so a damaged date (`20\ufffd4-…`) fails the checks below.
const digit = (s: string, i: number) => {
  const d = s.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : NaN;
};
const two = (s: string, i: number) => digit(s, i) * 10 + digit(s, i + 1);

// `YYYY-MM-DD[T ]HH:MM:SS[.fff…][Z]`, the shape of nearly every timestamp read, without a
// regex or a Date; anything else (offsets, odd widths) goes the general way.
function fastUtc(s: string): number | null {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58)
    return null;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return null;
  let i = 19;
  let ms = 0;
  if (i < n && s.charCodeAt(i) === 46) {
    let scale = 100;
    for (i++; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      ms += d * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  if (i < n && !(i === n - 1 && (s.charCodeAt(i) === 90 || s.charCodeAt(i) === 122))) return null;
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const se = two(s, 17);
  if (
    !(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h <= 23 && mi <= 59 && se <= 60) ||
    Number.isNaN(y)
  )
    return null;
  const leap = mo > 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0;
  const yy = y - 1970;
  // Leap days between 1970 and the start of year y.
  const leaps =
    Math.floor((y - 1 - 1968) / 4) -
    Math.floor((y - 1 - 1900) / 100) +
    Math.floor((y - 1 - 1600) / 400);
  const days = yy * 365 + leaps + CUMULATIVE_DAYS[mo - 1] + leap + d - 1;
  return ((days * 24 + h) * 60 + mi) * 60_000 + se * 1000 + ms;
}

export function parseTime(v: unknown): number | null {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    // Velociraptor writes epoch seconds (with a fraction); anything larger is milliseconds.
    const ms = v < 1e11 ? Math.round(v * 1000) : Math.round(v);
    return Math.abs(ms) <= MAX_DATE_MS ? ms : null;
  }
  if (typeof v !== 'string' || v.length < 10) return null;
  if (v.charCodeAt(0) === 0x2f && v.startsWith('/Date(')) {
    const ms = parseInt(v.slice(6), 10);
    return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : null;
  }
  const fast = fastUtc(v);
  if (fast !== null) return fast;
  const m = ISOISH.exec(v.trim());
  if (!m) {
    const t = Date.parse(v);
    return Number.isFinite(t) ? t : null;
  }
  if (+m[2] < 1 || +m[2] > 12 || +m[3] < 1 || +m[3] > 31 || +m[4] > 23 || +m[5] > 59 || +m[6] > 60)
    return null;
  const frac = m[7] ? Number((m[7] + '00').slice(0, 3)) : 0;
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6], frac);
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (+digits.slice(0, 2) * 60 + +digits.slice(2, 4)) * 60_000;
  }
  // An offset can push the last representable day out of the range a Date can hold.
  return Number.isFinite(ms) && Math.abs(ms) <= MAX_DATE_MS ? ms : null;
}

// Consecutive events mostly fall in the same minute (the same second less often: a file's
// channels and hosts interleave): the minute is formatted once, seconds and ms added.
let cachedMinute = NaN;
let cachedPrefix = '';

export function isoTime(ms: number): string {
  const minute = Math.floor(ms / 60_000);
  if (minute !== cachedMinute) {
    const iso = new Date(minute * 60_000).toISOString();
    if (iso.length !== 24) return new Date(ms).toISOString();
    cachedMinute = minute;
    cachedPrefix = iso.slice(0, 17);
  }
  const inMinute = ms - minute * 60_000;
  const second = Math.floor(inMinute / 1000);
  const frac = inMinute - second * 1000;
  return (
    cachedPrefix +
    (second < 10 ? '0' : '') +
    second +
    (frac < 10 ? '.00' : frac < 100 ? '.0' : '.') +
    frac +
    'Z'
  );
}
