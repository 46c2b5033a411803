// Which fields are dates, and how a date field meets a literal. Elasticsearch decides this
// from the index mapping; Sequent's events carry none, so a field is a date when it is the
// query's timestamp field or one of ECS's date fields (below), plus any the caller names.
// Against a date field Elasticsearch reads a string literal with the field's format,
// `strict_date_optional_time||epoch_millis` (UTC unless the text names a zone), and a
// number as epoch milliseconds. Its range queries fill the components a literal leaves out:
// the lower end of `2017-08-30T20:47:33Z` is …33.000, the upper end …33.999, so `==` holds
// for the whole second and `<=` includes it, while `<` and `>=` start at .000.
import type { CompareOp } from './ast.ts';

/** ECS 8.x fields mapped as `date` that Windows and endpoint events carry. */
export const ECS_DATE_FIELDS: readonly string[] = [
  '@timestamp',
  'event.created',
  'event.ingested',
  'event.start',
  'event.end',
  'process.start',
  'process.end',
  'process.parent.start',
  'process.parent.end',
  'process.group_leader.start',
  'process.session_leader.start',
  'process.entry_leader.start',
  'process.parent.group_leader.start',
  'file.created',
  'file.mtime',
  'file.ctime',
  'file.accessed',
  'file.code_signature.timestamp',
  'dll.code_signature.timestamp',
  'process.code_signature.timestamp',
  'process.parent.code_signature.timestamp',
  'file.x509.not_before',
  'file.x509.not_after',
  'x509.not_before',
  'x509.not_after',
  'tls.client.not_before',
  'tls.client.not_after',
  'tls.server.not_before',
  'tls.server.not_after',
  'package.installed',
  'email.delivery_timestamp',
  'email.origination_timestamp',
  'threat.indicator.first_seen',
  'threat.indicator.last_seen',
  'threat.indicator.modified_at',
];

/**
 * Sets already made for a timestamp field without extras. Each query kept its own (two, with
 * `readAsTyped`): ~2.5 MiB for Elastic's 954 EQL rules, in every thread that compiles them.
 */
const shared = new Map<string, ReadonlySet<string>>();

/** The date fields of one compilation: ECS's, the timestamp field in use, and extras. */
export function dateFieldsFor(
  timestampField: string,
  extra: readonly string[] = [],
): ReadonlySet<string> {
  if (extra.length > 0) return new Set([...ECS_DATE_FIELDS, timestampField, ...extra]);
  let fields = shared.get(timestampField);
  if (!fields) {
    fields = new Set([...ECS_DATE_FIELDS, timestampField]);
    if (shared.size < 16) shared.set(timestampField, fields);
  }
  return fields;
}

/** The instants a literal stands for: from `low` to `high` inclusive (equal for exact ones). */
export interface DateBounds {
  readonly low: number;
  readonly high: number;
}

// yyyy[-MM[-dd]] then optionally 'T'HH[:mm[:ss[.fraction]]] and a zone (Z, ±HH, ±HHmm, ±HH:mm).
const STRICT_DATE_OPTIONAL_TIME =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;
const EPOCH_MILLIS = /^-?\d+(\.\d+)?$/;

/** Parses a string literal as a date field reads it, or null when it is no date. */
export function parseDateLiteral(text: string): DateBounds | null {
  const m = STRICT_DATE_OPTIONAL_TIME.exec(text);
  if (m) return strictBounds(m);
  if (EPOCH_MILLIS.test(text)) {
    const ms = Math.trunc(Number(text));
    return { low: ms, high: ms };
  }
  return null;
}

function strictBounds(m: RegExpExecArray): DateBounds | null {
  const [, y, mo, d, h, mi, s, fraction, zone] = m;
  const year = Number(y);
  const month = mo === undefined ? 1 : Number(mo);
  const day = d === undefined ? 1 : Number(d);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  const hour = h === undefined ? null : Number(h);
  const minute = mi === undefined ? null : Number(mi);
  const second = s === undefined ? null : Number(s);
  if ((hour ?? 0) > 23 || (minute ?? 0) > 59 || (second ?? 0) > 59) return null;
  const offset = offsetMs(zone);
  if (Math.abs(offset) > 18 * 3_600_000) return null;
  const ms = fraction === undefined ? null : Number((fraction + '00').slice(0, 3));
  const at = (hh: number, mm: number, ss: number, sss: number) => {
    const t = new Date(0);
    t.setUTCFullYear(year, month - 1, day);
    t.setUTCHours(hh, mm, ss, sss);
    return t.getTime() - offset;
  };
  return {
    low: at(hour ?? 0, minute ?? 0, second ?? 0, ms ?? 0),
    high: at(hour ?? 23, minute ?? 59, second ?? 59, ms ?? 999),
  };
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS[month - 1];
}

function offsetMs(zone: string | undefined): number {
  if (!zone || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}

/** A number literal against a date field: epoch milliseconds, exactly. */
export function numberBounds(n: number): DateBounds {
  return { low: n, high: n };
}

/**
 * The test a comparison `dateField op literal` makes of the field's instant, with the
 * literal's missing components filled the way Elasticsearch's range queries fill them.
 */
export function dateTest(op: CompareOp, b: DateBounds): (ms: number) => boolean {
  switch (op) {
    case '==':
      return (ms) => ms >= b.low && ms <= b.high;
    case '!=':
      return (ms) => ms < b.low || ms > b.high;
    case '<':
      return (ms) => ms < b.low;
    case '<=':
      return (ms) => ms <= b.high;
    case '>':
      return (ms) => ms > b.high;
    case '>=':
      return (ms) => ms >= b.low;
  }
}

/** `a op b` read as `b op' a`: which operator the literal-first form stands for. */
export function flipCompare(op: CompareOp): CompareOp {
  const flipped: Record<CompareOp, CompareOp> = {
    '==': '==',
    '!=': '!=',
    '<': '>',
    '<=': '>=',
    '>': '<',
    '>=': '<=',
  };
  return flipped[op];
}
