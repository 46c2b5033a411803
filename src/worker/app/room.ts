// After a stop on a full storage, the case's own records (its rows, its counts) must still be
// written. Chromium was seen counting a refused chunk against the quota after the refusal
// (17.5 MB used against 10: its copy of the file's bytes, written before the refusal, still
// there 8 s later), refusing every write meanwhile, even a row: the scan failed with its counts
// never written. A committed delete has Chromium clear what the refused write left, so a
// refused closing write first commits one that deletes nothing, then, if still refused, lets
// this scan's stored chunks go, newest first, until the records fit: a case whose counts say
// what it holds, rather than one left mid-scan.
import type { StorageFull } from '../app-api.ts';
import { isQuotaError } from './file-summary.ts';

/** Runs `write`; while storage refuses it, `makeRoom` frees room (false once it cannot). */
export async function withRoom<T>(
  write: () => Promise<T>,
  makeRoom: () => Promise<boolean>,
): Promise<T> {
  for (;;) {
    try {
      return await write();
    } catch (error) {
      if (!isQuotaError(error) || !(await makeRoom())) throw error;
    }
  }
}

/** How a scan writes its closing records: after a stop on a full storage, making room. */
export function closingRecords(stopped: boolean, makeRoom: () => Promise<boolean>) {
  return <T>(write: () => Promise<T>): Promise<T> =>
    stopped ? withRoom(write, makeRoom) : write();
}

/** The outcome's account of a full storage, with the events let go to make room. */
export function stopFull(full: StorageFull, released: number): StorageFull {
  return released ? { ...full, released } : full;
}
