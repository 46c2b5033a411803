// The scan page's file list: files of the running scan first (with live progress), then the
// files already in the session.
import type { FileProgress, FileSummary } from '../../worker/app-api';

export interface FileRowData {
  key: string;
  name: string;
  summary: FileSummary | null;
  progress: FileProgress | null;
}

export function fileRows(
  progress: readonly FileProgress[],
  files: readonly FileSummary[],
): FileRowData[] {
  const byId = new Map(files.map((f) => [f.id, f]));
  const seen = new Set<string>();
  const out: FileRowData[] = [];
  for (const fp of progress) {
    if (seen.has(fp.fileId)) continue;
    seen.add(fp.fileId);
    out.push({ key: fp.fileId, name: fp.name, summary: byId.get(fp.fileId) ?? null, progress: fp });
  }
  for (const f of files) {
    if (seen.has(f.id)) continue;
    seen.add(f.id);
    out.push({ key: f.id, name: f.name, summary: f, progress: null });
  }
  return out;
}

// Progress and summaries are plain data (structured clones from the worker): compared whole,
// so a field added to either later can never leave a row stale.
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  return ka.every((k) => Object.hasOwn(rb, k) && sameData(ra[k], rb[k]));
}

/**
 * The fresh list of summaries, with last time's object wherever a summary did not change:
 * the list is re-read every second while a scan runs, and the rows then compare unchanged
 * summaries by identity alone, not field by field on every progress message.
 */
export function keepUnchanged(
  last: readonly FileSummary[],
  fresh: readonly FileSummary[],
): FileSummary[] {
  const byId = new Map(last.map((f) => [f.id, f]));
  return fresh.map((f) => {
    const old = byId.get(f.id);
    return old && sameData(old, f) ? old : f;
  });
}

/**
 * fileRows that hands back last time's row object wherever nothing in it changed. Progress
 * and summaries arrive as fresh copies several times a second; with hundreds of files (a
 * KAPE collection) re-rendering every row for each of them kept the page's main thread busy
 * for most of the scan. An unchanged row keeps its identity, so Svelte leaves it alone.
 */
export class FileRowCache {
  #last = new Map<string, FileRowData>();

  rows(progress: readonly FileProgress[], files: readonly FileSummary[]): FileRowData[] {
    const next = new Map<string, FileRowData>();
    const out = fileRows(progress, files).map((row) => {
      const old = this.#last.get(row.key);
      const kept = old && sameData(old, row) ? old : row;
      next.set(row.key, kept);
      return kept;
    });
    this.#last = next;
    return out;
  }
}
