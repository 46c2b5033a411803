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
