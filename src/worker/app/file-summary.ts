// A file's summary as the UI lists it, from ingest's diagnostics.
import { describeEvtx } from '../../ingest/evtx/events.ts';
import { readSoFar } from '../../ingest/bytes.ts';
import type { FieldProfile, FileDiagnostics } from '../../ingest/types.ts';
import type { FileSummary } from '../app-api.ts';

export function queuedFile(id: string, sessionId: string, name: string, size: number): FileSummary {
  return {
    id,
    sessionId,
    name,
    size,
    sha256: null,
    encoding: '',
    container: '',
    source: '',
    sourceReason: '',
    hosts: [],
    timeRange: null,
    records: 0,
    mapped: 0,
    skipped: 0,
    untimed: 0,
    errors: [],
    warnings: [],
    status: 'queued',
    error: null,
  };
}

function epoch(text: string): number | null {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

export function withDiagnostics(summary: FileSummary, d: FileDiagnostics): FileSummary {
  const min = d.timeRange ? epoch(d.timeRange.min) : null;
  const max = d.timeRange ? epoch(d.timeRange.max) : null;
  return {
    ...summary,
    encoding: d.encoding,
    container: d.container,
    source: d.source,
    sourceReason: d.reason,
    hosts: [...d.hosts],
    timeRange: min !== null && max !== null ? [min, max] : null,
    records: d.records.read,
    mapped: d.records.mapped,
    skipped: d.records.skipped,
    untimed: d.withoutTimestamp,
    errors: d.errors.map((e) => ({ line: e.line, offset: e.offset, message: e.message })),
    warnings: [...summary.warnings, ...d.warnings],
    ...(d.evtx ? { evtx: describeEvtx(d.evtx) } : {}),
  };
}

/**
 * The row of a file whose reading threw: failed, or cancelled with what it read up to then
 * when that is known (`partial`; by default ingest's `readSoFar`: its shape, hosts and counts,
 * and its field profile as `fields`). `records`: the events it handed on, for when it is not.
 */
export function stoppedRow(
  summary: FileSummary,
  error: unknown,
  signal: AbortSignal,
  records: number,
  {
    duplicates,
    partial = readSoFar(error),
  }: { duplicates?: number; partial?: FileDiagnostics | null } = {},
): { row: FileSummary; fields: FieldProfile | null } {
  if (!isAbort(error, signal))
    return { row: { ...summary, status: 'error', error: errorText(error), records }, fields: null };
  const row: FileSummary = partial
    ? { ...withDiagnostics(summary, partial), status: 'cancelled' }
    : { ...summary, status: 'cancelled', records };
  return { row: duplicates ? { ...row, duplicates } : row, fields: partial?.fields ?? null };
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export function isAbort(error: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (error instanceof Error && error.name === 'AbortError');
}

export function isQuotaError(error: unknown): boolean {
  if (
    !(error instanceof Error) &&
    !(typeof DOMException !== 'undefined' && error instanceof DOMException)
  )
    return false;
  const e = error as { name?: string; message?: string; inner?: unknown };
  return e.name === 'QuotaExceededError' || /quota/i.test(e.message ?? '');
}
