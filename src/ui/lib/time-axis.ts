// Ticks for a time axis of any span, from seconds to years, on round values of the display
// zone's clock, with labels that say no more than the span needs.
import { formatTime, type TimeZoneMode } from './format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STEPS = [
  SECOND,
  5 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
  91 * DAY,
  182 * DAY,
  365 * DAY,
];

export interface Tick {
  t: number;
  label: string;
}

export function timeTicks(
  from: number,
  to: number,
  width: number,
  zone: TimeZoneMode,
  every = 110,
): Tick[] {
  const span = to - from;
  if (!(span > 0) || width <= 0) return [];
  const want = (span / width) * every;
  const step = STEPS.find((x) => x >= want) ?? Math.ceil(want / (365 * DAY)) * 365 * DAY;
  const offset = zone === 'local' ? -new Date(from).getTimezoneOffset() * MINUTE : 0;
  const out: Tick[] = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t < to && out.length < 200;) {
    out.push({ t, label: tickLabel(t, step, zone) });
    t += step;
  }
  return out;
}

function tickLabel(t: number, step: number, zone: TimeZoneMode): string {
  const full = formatTime(t, zone); // YYYY-MM-DD HH:MM:SS.mmm
  if (step >= 91 * DAY) return full.slice(0, 7);
  if (step >= DAY) return full.slice(0, 10);
  if (step >= MINUTE) return full.slice(5, 16);
  return full.slice(11, 19);
}

/** A span in words: "3 h 20 min", "2 years 41 days". */
export function spanText(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / SECOND)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ${Math.round((ms % HOUR) / MINUTE)} min`;
  if (ms < 365 * DAY) return `${Math.floor(ms / DAY)} d ${Math.round((ms % DAY) / HOUR)} h`;
  const years = Math.floor(ms / (365 * DAY));
  return `${years} year${years > 1 ? 's' : ''} ${Math.round((ms % (365 * DAY)) / DAY)} d`;
}
