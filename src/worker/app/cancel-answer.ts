// A scan's cancel answers at once for the reads its helpers still run (a cancel must stop
// within a second; a helper's read ends 0.3-1 s later on a slow machine). The answer carries
// the helper's own result to come, from which the file's row is made again (late-rows.ts).
import type { LateAccount } from './late-rows.ts';
import type { ReadResult, RemoteReader, RemoteResult } from './scan-request.ts';
import type { RangeRead } from './split-read.ts';

/** A read the cancel answered for: nothing read yet, the helper's own account to come. */
function cancelledRead(late: Promise<RemoteResult>): ReadResult {
  return {
    diagnostics: null,
    sha256: null,
    records: 0,
    error: null,
    cancelled: true,
    storage: 'full',
    late,
  };
}

/** Settles with `own`, or with `cut(own)` as soon as `signal` aborts, whichever is first. */
function firstOf<T>(own: Promise<T>, signal: AbortSignal, cut: (own: Promise<T>) => T): Promise<T> {
  // Read later only if the cancel came first; never an unhandled rejection meanwhile.
  own.catch(() => undefined);
  const cancel = new Promise<T>((resolve, reject) => {
    const answer = () => {
      try {
        resolve(cut(own));
      } catch (error) {
        reject(error as Error);
      }
    };
    if (signal.aborted) answer();
    else signal.addEventListener('abort', answer, { once: true });
  });
  cancel.catch(() => undefined);
  return Promise.race([own, cancel]);
}

/** A range's read rejects as a cancel cuts it, with the range's own result to come. */
function cancelledRange(late: Promise<RangeRead>): never {
  const error: DOMException & LateAccount<RangeRead> = new DOMException(
    'The scan was cancelled.',
    'AbortError',
  );
  error.late = late;
  throw error;
}

/**
 * `reader`, a helper's, as a scan uses it: once `signal` aborts, its reads answer at once and
 * its feeds are dropped (the correlation is over). Its deduplication still answers truly: the
 * helper stores its last chunk after the cancel.
 */
export function answeredAtCancel(reader: RemoteReader, signal: AbortSignal): RemoteReader {
  const { read, readRange } = reader;
  const answered: RemoteReader = {
    ...reader,
    read: (job, onFeed, dedupe) =>
      firstOf(
        read(job, (feed, p) => (signal.aborted ? undefined : onFeed(feed, p)), dedupe),
        signal,
        cancelledRead,
      ),
  };
  if (readRange)
    answered.readRange = (file, job, base, onFeed, dedupe, readEnded, numbered) =>
      firstOf(
        readRange(
          file,
          job,
          base,
          (feed, p) => (signal.aborted ? undefined : onFeed(feed, p)),
          dedupe,
          readEnded,
          numbered,
        ),
        signal,
        cancelledRange,
      );
  return answered;
}
