// One raw .evtx file read in chunk ranges by several workers gives one diagnostics per range
// (see `chunkRanges`); this puts them back together as one reading of the whole file reports
// it: counts summed, the errors' record ordinals made file-wide, hosts, event kinds and the
// source shape decided over all ranges.
import { addEvtxSummaries } from './evtx/summary.ts';
import { mergeProfiles } from './profile.ts';
import { SHAPE_REASONS, type Shape } from './shapes.ts';
import type { FileDiagnostics } from './types.ts';

/** Each range is read as the file's 4 KiB header followed by its chunks. */
const EVTX_HEADER = 4096;
/** What one reading keeps (DiagnosticsCollector's defaults). */
const MAX_ERRORS = 20;
const MAX_HOSTS = 1000;

function sum(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
}

/**
 * Widens `merged`'s time range by `part`'s and adds its .evtx counts: the part of a merge
 * that is the same whether the parts are an .evtx file's chunk ranges or a JSON file's
 * byte ranges (the CLI's threads).
 */
export function addSpanAndEvtx(merged: FileDiagnostics, part: FileDiagnostics): void {
  const t = merged.timeRange;
  if (part.timeRange)
    merged.timeRange = t
      ? {
          min: part.timeRange.min < t.min ? part.timeRange.min : t.min,
          max: part.timeRange.max > t.max ? part.timeRange.max : t.max,
        }
      : part.timeRange;
  const e = merged.evtx;
  if (e && part.evtx) merged.evtx = addEvtxSummaries(e, part.evtx);
  else merged.evtx ??= part.evtx;
}

/** The diagnostics of an .evtx file from those of its ranges, in file order. */
export function mergeEvtxRanges(parts: readonly FileDiagnostics[]): FileDiagnostics {
  const [first, ...rest] = parts;
  const merged: FileDiagnostics = {
    ...first,
    errors: [...first.errors],
    warnings: [...first.warnings],
    records: { ...first.records },
    fields: mergeProfiles(parts.map((p) => p.fields)),
  };
  const sources: Record<string, number> = { ...first.sources };
  const counts: Record<string, number> = { ...first.eventCounts };
  const hosts = new Set(first.hosts);
  // Damage is reported at line 0 (a byte offset says where); a record's ordinal is its line.
  let before = first.records.read;
  for (const d of rest) {
    merged.bytes += d.bytes - EVTX_HEADER;
    merged.withoutTimestamp += d.withoutTimestamp;
    merged.records.read += d.records.read;
    merged.records.mapped += d.records.mapped;
    merged.records.passedThrough += d.records.passedThrough;
    merged.records.skipped += d.records.skipped;
    for (const e of d.errors) merged.errors.push({ ...e, line: e.line > 0 ? e.line + before : 0 });
    before += d.records.read;
    merged.warnings.push(...d.warnings.filter((w) => !merged.warnings.includes(w)));
    for (const h of d.hosts) if (hosts.size < MAX_HOSTS) hosts.add(h);
    sum(counts, d.eventCounts);
    sum(sources, d.sources);
    addSpanAndEvtx(merged, d);
  }
  merged.errors.length = Math.min(merged.errors.length, MAX_ERRORS);
  merged.hosts = [...hosts].sort();
  merged.sources = sources;
  merged.eventCounts = Object.fromEntries(
    Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
  );
  // The shape with the most records over the whole file, as one reading picks it.
  let best = -1;
  for (const [s, n] of Object.entries(sources))
    if (n > best) {
      best = n;
      merged.source = s;
      merged.reason = SHAPE_REASONS[s as Shape] ?? merged.reason;
    }
  return merged;
}
