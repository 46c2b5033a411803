// Spreads a scan's files over helper workers: more instances of this same worker script,
// started from inside the worker (nested dedicated workers), each reading whole files and
// sending back CandidateFeeds. Anything that goes wrong starting them means the scan simply
// runs in this worker, as it would on a one-core machine.
import { proxy, wrap, type Remote } from 'comlink';
import type { Rule } from '../../rules/model.ts';
import type { CandidateFeed } from './correlate.ts';
import type { RemoteJob, RemoteReader, RemoteResult } from './pipeline.ts';

/** What a helper serves for a spread scan (AppService.collectFile, cancelScan, hello). */
export interface HelperApi {
  hello(): Promise<unknown>;
  cancelScan(): Promise<void>;
  collectFile(
    job: RemoteJob & { rules: Rule[] },
    onFeed: (feed: CandidateFeed, progress: { bytes: number; events: number }) => void,
  ): Promise<RemoteResult>;
}

export interface Helpers {
  readers: RemoteReader[];
  cancel(): void;
  close(): void;
}

const START_TIMEOUT_MS = 5_000;

/** How many helpers a scan of `files` files is worth: none for one file or a one-core machine. */
export function helperCount(
  files: number,
  bytes: number,
  cores = globalThis.navigator?.hardwareConcurrency ?? 1,
) {
  if (files < 2 || bytes < 4 * 1024 * 1024) return 0;
  return Math.max(0, Math.min(files, cores - 1, 4));
}

function scriptUrl(): string | null {
  const scope = globalThis as unknown as {
    WorkerGlobalScope?: unknown;
    location?: { href: string };
  };
  return scope.WorkerGlobalScope !== undefined && scope.location ? scope.location.href : null;
}

async function startOne(url: string): Promise<{ worker: Worker; api: Remote<HelperApi> } | null> {
  let worker: Worker;
  try {
    worker = new Worker(url, {
      type: __SEQUENT_SINGLE__ ? 'classic' : 'module',
      name: 'sequent-helper',
    });
  } catch {
    return null;
  }
  const api = wrap<HelperApi>(worker);
  const timeout = new Promise<false>((resolve) =>
    setTimeout(() => resolve(false), START_TIMEOUT_MS),
  );
  const failed = new Promise<false>((resolve) =>
    worker.addEventListener('error', () => resolve(false)),
  );
  const ok = await Promise.race([api.hello().then(() => true), timeout, failed]).catch(() => false);
  if (ok) return { worker, api };
  worker.terminate();
  return null;
}

function cancelled(signal: AbortSignal): Promise<RemoteResult> {
  const result: RemoteResult = {
    diagnostics: null,
    sha256: null,
    records: 0,
    error: null,
    cancelled: true,
    storage: 'full',
  };
  return new Promise((resolve) => {
    if (signal.aborted) resolve(result);
    else signal.addEventListener('abort', () => resolve(result), { once: true });
  });
}

export async function startHelpers(
  count: number,
  rules: Rule[],
  signal: AbortSignal,
): Promise<Helpers | null> {
  const url = scriptUrl();
  if (!url || count < 1 || typeof Worker === 'undefined') return null;
  const started = (await Promise.all(Array.from({ length: count }, () => startOne(url)))).filter(
    (h): h is NonNullable<typeof h> => h !== null,
  );
  if (!started.length) return null;
  return {
    // A cancelled scan does not wait for helpers to wind down: they are terminated.
    readers: started.map(({ api }) => ({
      read: (job, onFeed) =>
        Promise.race([
          api.collectFile(
            { ...job, rules },
            proxy((feed: CandidateFeed, p: { bytes: number; events: number }) =>
              signal.aborted ? undefined : onFeed(feed, p),
            ),
          ) as Promise<RemoteResult>,
          cancelled(signal),
        ]),
    })),
    cancel: () => started.forEach(({ api }) => void api.cancelScan().catch(() => undefined)),
    close: () => started.forEach(({ worker }) => worker.terminate()),
  };
}
