// Alerts binned per host lane and pixel column, so a lane with 100,000 alerts draws a few
// hundred marks; each mark keeps its alerts so a click can open the first one.
import type { AlertRow, Severity } from '../../worker/app-api';
import { SEVERITY_RANK } from './alert-query';
import type { TimeZoneMode } from './format';

export interface Mark {
  x: number;
  count: number;
  severity: Severity;
  first: AlertRow;
  from: number;
  to: number;
}

export interface Lane {
  host: string;
  marks: Mark[];
  total: number;
}

export interface Scale {
  min: number;
  max: number;
  width: number;
}

export function timeScale(rows: readonly AlertRow[], width: number): Scale | null {
  if (rows.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const r of rows) {
    if (r.timestamp < min) min = r.timestamp;
    if (r.timestamp > max) max = r.timestamp;
  }
  if (!Number.isFinite(min)) return null;
  // A single instant still needs a visible span: pad a minute either side.
  if (max - min < 1000) {
    min -= 60_000;
    max += 60_000;
  }
  // A little air at both ends so the first and last marks are not cut by the edges.
  const pad = (max - min) * 0.02;
  return { min: min - pad, max: max + pad, width: Math.max(100, width) };
}

export function xOf(t: number, s: Scale): number {
  return ((t - s.min) / (s.max - s.min)) * s.width;
}

export function lanes(rows: readonly AlertRow[], s: Scale, binPx = 4): Lane[] {
  const byHost = new Map<string, Map<number, Mark>>();
  const totals = new Map<string, number>();
  for (const r of rows) {
    let bins = byHost.get(r.host);
    if (!bins) byHost.set(r.host, (bins = new Map()));
    totals.set(r.host, (totals.get(r.host) ?? 0) + 1);
    const bin = Math.floor(xOf(r.timestamp, s) / binPx);
    const m = bins.get(bin);
    if (!m) {
      bins.set(bin, {
        x: bin * binPx + binPx / 2,
        count: 1,
        severity: r.severity,
        first: r,
        from: r.timestamp,
        to: r.timestamp,
      });
    } else {
      m.count++;
      if (SEVERITY_RANK[r.severity] > SEVERITY_RANK[m.severity]) m.severity = r.severity;
      if (r.timestamp < m.from) {
        m.from = r.timestamp;
        m.first = r;
      }
      if (r.timestamp > m.to) m.to = r.timestamp;
    }
  }
  return [...byHost.entries()]
    .map(([host, bins]) => ({
      host,
      total: totals.get(host) ?? 0,
      marks: [...bins.values()].sort((a, b) => a.x - b.x),
    }))
    .sort((a, b) => a.host.localeCompare(b.host));
}

const STEPS = [
  1000,
  5000,
  15_000,
  30_000,
  60_000,
  300_000,
  900_000,
  1_800_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  86_400_000,
  7 * 86_400_000,
  30 * 86_400_000,
];

/** Round tick times about `every` pixels apart, aligned to the display zone's clock. */
export function ticks(s: Scale, zone: TimeZoneMode, every = 120): number[] {
  const span = s.max - s.min;
  const want = (span / s.width) * every;
  const step = STEPS.find((x) => x >= want) ?? Math.ceil(want / 86_400_000) * 86_400_000;
  const offset = zone === 'local' ? -new Date(s.min).getTimezoneOffset() * 60_000 : 0;
  const out: number[] = [];
  let t = Math.ceil((s.min + offset) / step) * step - offset;
  for (; t <= s.max && out.length < 200; t += step) out.push(t);
  return out;
}
