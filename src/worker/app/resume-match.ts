// Resuming a scan that was cut short: which of the dropped files are the session's unfinished
// files (each read again into its own row), and why each other one is not taken. Matched by
// name and size, the name as dropped (a folder's path) or, failing that, its last part, so the
// whole folder or just the files may be dropped again.

export interface ResumeRow {
  id: string;
  index: number;
  name: string;
  size: number;
  status?: string;
}

export interface ResumePlan<F, R> {
  take: { file: F; row: R }[];
  skipped: { name: string; reason: string }[];
}

/** Rows a resume reads again: cut short by a cancel, a reload or a dead worker. */
export function unfinished(row: Pick<ResumeRow, 'status'>): boolean {
  return row.status === 'cancelled' || row.status === 'scanning' || row.status === 'queued';
}

const lastPart = (name: string) => name.slice(name.lastIndexOf('/') + 1);

export function resumePlan<F extends { name: string; size: number }, R extends ResumeRow>(
  rows: readonly R[],
  files: readonly F[],
): ResumePlan<F, R> {
  const open = rows.filter((r) => unfinished(r));
  const taken = new Set<R>();
  const plan: ResumePlan<F, R> = { take: [], skipped: [] };
  const find = (list: readonly R[], file: F, same: (a: string, b: string) => boolean) =>
    list.find((r) => !taken.has(r) && r.size === file.size && same(r.name, file.name));
  const exact = (a: string, b: string) => a === b;
  const byLast = (a: string, b: string) => lastPart(a) === lastPart(b);
  for (const file of files) {
    const row = find(open, file, exact) ?? find(open, file, byLast);
    if (row) {
      taken.add(row);
      plan.take.push({ file, row });
      continue;
    }
    const done = rows.find(
      (r) => !unfinished(r) && r.size === file.size && byLast(r.name, file.name),
    );
    plan.skipped.push({
      name: file.name,
      reason: done
        ? `already read whole (as ${done.name}): not read again`
        : 'not one of the files the scan did not finish: drop it on the drop zone to add it',
    });
  }
  return plan;
}
