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
