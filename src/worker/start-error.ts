/** Why a worker did not become ready. */
export type WorkerStartFailure = 'timeout' | 'error' | 'blocked';

/** A worker did not start; `message` is written for the person using Sequent. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError';
  constructor(
    message: string,
    readonly failure: WorkerStartFailure,
    readonly detail?: string,
  ) {
    super(message);
  }
}

const LEAD = 'The scanning worker could not start';

/** The likely cause, told in terms of what the person can do about it. */
function hint(protocol: string | undefined, single: boolean): string {
  if (protocol === 'file:' && !single) {
    return (
      'Browsers do not run this build’s worker from a file opened on disk. ' +
      'Open the single-file build (sequent.html) instead, or serve this folder over http (npm start).'
    );
  }
  return (
    'The browser may block workers here (a Content-Security-Policy, an extension or a ' +
    'locked-down browser setting). Reload the page; if it persists, try another Chromium-based browser or Firefox.'
  );
}

export function startError(
  failure: WorkerStartFailure,
  detail: string,
  context: { protocol?: string; single: boolean; timeoutMs: number },
): WorkerStartError {
  const what =
    failure === 'timeout'
      ? `it did not answer within ${Math.round(context.timeoutMs / 100) / 10} s`
      : failure === 'blocked'
        ? `the browser refused to create it (${detail})`
        : `it failed while loading (${detail})`;
  return new WorkerStartError(
    `${LEAD}: ${what}. ${hint(context.protocol, context.single)}`,
    failure,
    detail,
  );
}

/** A worker that had started is gone; calls still in flight through it reject with this. */
export class WorkerStoppedError extends Error {
  override readonly name = 'WorkerStoppedError';
  constructor(
    message: string,
    readonly why: 'crashed' | 'terminated',
  ) {
    super(message);
  }
}
