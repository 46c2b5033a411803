// The files of a finished scan as its closing sentence counts them. The session's header
// counts a file whose bytes the case already held once, so the sentence says how many of the
// dropped files were such copies, and how many could not be read: otherwise "277 files" here
// and "276 files" in the header read as a miscount.
import type { FileSummary } from '../../worker/app-api';
import { formatCount, plural } from './format';

export function outcomeFiles(files: readonly Pick<FileSummary, 'status'>[]): string {
  let copies = 0;
  let failed = 0;
  for (const f of files) {
    if (f.status === 'duplicate') copies++;
    else if (f.status === 'error') failed++;
  }
  const notes: string[] = [];
  if (copies) notes.push(`${formatCount(copies)} already in the case, not read again`);
  if (failed) notes.push(`${formatCount(failed)} could not be read`);
  const count = plural(files.length, 'file');
  return notes.length ? `${count} (${notes.join('; ')})` : count;
}
