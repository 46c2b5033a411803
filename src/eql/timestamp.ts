// Event time as epoch milliseconds. Exports carry ISO strings (with any number of fraction
// digits, with or without a zone) or epoch numbers; a zone-less ISO time is taken as UTC so
// results never depend on the machine's time zone.
import { single } from './values.ts';

const EPOCH_DIGITS = /^\s*-?\d+(\.\d+)?\s*$/;
const ISO =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

// Every rule an event matches asks for its time, from the same text: the last text's answer
// is kept (the function is pure in its argument).
let lastText: string | null = null;
let lastMillis: number | null = null;

export function toEpochMillis(value: unknown): number | null {
  if (typeof value === 'string') {
    if (value === lastText) return lastMillis;
    lastMillis = parse(value);
    lastText = value;
    return lastMillis;
  }
  return parse(value);
}

function parse(value: unknown): number | null {
  const v = single(value);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const fast = plainUtc(v);
  return fast >= 0 ? fast : parseText(v);
}

/**
 * A time text read the general way (epoch digits, any ISO form, else `Date.parse`): what
 * `plainUtc` must agree with wherever it answers.
 */
export function parseText(v: string): number | null {
  if (EPOCH_DIGITS.test(v)) return Number(v);
  const m = ISO.exec(v.trim());
  if (m) {
    const [, date, time = '00:00:00', fraction = '', zone = 'Z'] = m;
    const ms = (fraction + '000').slice(0, 3);
    const z =
      zone.toUpperCase() === 'Z'
        ? 'Z'
        : zone.length === 5
          ? `${zone.slice(0, 3)}:${zone.slice(3)}`
          : zone;
    const t = Date.parse(`${date}T${time.length === 5 ? time + ':00' : time}.${ms}${z}`);
    return Number.isNaN(t) ? null : t;
  }
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two digits at `at` as a number, or -1. */
function two(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * `YYYY-MM-DDTHH:MM:SS`, any fraction, then `Z` or nothing — what nearly every event carries —
 * read in place, without the regular expression's strings: what `parse` gives for it, or -1
 * for any other text (a zone offset, a date before 1970 or not in the calendar, a leap
 * second…), which `parse` reads the general way. Only valid dates take this way, so Date.UTC
 * and Date.parse agree on them.
 */
export function plainUtc(s: string): number {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84)
    return -1;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return -1;
  const hi = two(s, 0);
  const lo = two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  if (hi < 19 || lo < 0 || month < 1 || month > 12 || day < 1) return -1;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return -1;
  const year = hi * 100 + lo;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS[month - 1])) return -1;
  let i = 19;
  let ms = 0;
  if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
    i++;
    const from = i;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      // The first three digits are the milliseconds, padded with zeros; the rest is cut off.
      if (i - from < 3) ms = ms * 10 + d;
    }
    if (i === from) return -1;
    for (let k = i - from; k < 3; k++) ms *= 10;
  }
  if (i < n) {
    const c = s.charCodeAt(i);
    if ((c !== 90 && c !== 122) || i + 1 !== n) return -1;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}
