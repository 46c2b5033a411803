// `field < value` as Elasticsearch's range query decides it for the field's kind: dates
// as instants (ISO text or date math `now-1d`), numbers numerically, anything else as text
// (versions and IPv4 addresses part by part).
import { orderTest } from '../eql/compile-expr.ts';
import { toEpochMillis } from '../eql/timestamp.ts';
import { orderScalars, toNumber } from '../eql/values.ts';
import type * as ast from './ast.ts';
import type { FieldKind } from './field-kinds.ts';

const UNIT_MS: Record<string, number> = {
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
  y: 31_536_000_000,
};

/**
 * Date math relative to `now` (`now`, `now-15m`, `now+1d`), in epoch ms; null otherwise.
 * Rounding (`/d`) is accepted and ignored. Offline, `now` is the moment the rule runs.
 */
export function dateMath(text: string, now = Date.now()): number | null {
  const m = /^now((?:[+-]\d+[smhdwMy])*)(?:\/[smhdwMy])?$/.exec(text.trim());
  if (!m) return null;
  let t = now;
  for (const step of m[1].matchAll(/([+-])(\d+)([smhdwMy])/g)) {
    const ms = Number(step[2]) * UNIT_MS[step[3]];
    t += step[1] === '+' ? ms : -ms;
  }
  return t;
}

export function rangeTest(
  kind: FieldKind,
  op: ast.RangeOp,
  bound: string,
): (v: unknown) => boolean {
  const ok = orderTest(op);
  const math = dateMath(bound);
  const asDate = math ?? (kind === 'date' ? toEpochMillis(bound) : null);
  if (asDate !== null) {
    return (v) => {
      const t = toEpochMillis(v);
      return t !== null && ok(t - asDate);
    };
  }
  const n = toNumber(bound);
  if (!Number.isNaN(n)) {
    return (v) => {
      const x = toNumber(v);
      return !Number.isNaN(x) && ok(x - n);
    };
  }
  return (v) => {
    const c = orderScalars(v, bound);
    return !Number.isNaN(c) && ok(c);
  };
}
