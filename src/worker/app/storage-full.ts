// Storage full during a scan. The browser refused to store more events: rather than decide for
// the user (dropping every stored event, as the scan once did by itself), the scan pauses, the
// page shows how much is used and free and what is kept, and the user chooses: keep only alerts
// from here on (the events are freed; the files can be re-attached later), or stop and keep
// what is stored (the scan ends as a cancel does; the page then keeps the partial data).
import type { FileSummary } from '../../case/index.ts';
import type { ScanProgress, StorageChoice, StorageFull } from '../app-api.ts';
import { isQuotaError } from './file-summary.ts';
import type { Repos } from './repos.ts';

/** What navigator.storage.estimate() says (zeros where the browser does not say). */
export async function storageEstimate(): Promise<{ usage: number; quota: number }> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  try {
    const e = await storage?.estimate?.();
    return { usage: e?.usage ?? 0, quota: e?.quota ?? 0 };
  } catch {
    return { usage: 0, quota: 0 };
  }
}

export const STOPPED_FULL =
  'Stopped when storage was full: the events stored from it are kept. Free some room (delete a session) and drop it again to read the rest.';

/** One scan's question to the user, carried on its progress reports. */
export class StorageFullPrompt {
  #last: ScanProgress | null = null;
  #full: StorageFull | null = null;
  #asked: Promise<StorageChoice> | null = null;
  #resolve: ((choice: StorageChoice) => void) | null = null;

  constructor(
    private readonly send: (p: ScanProgress) => void,
    private readonly signal: AbortSignal,
    /** Ends the scan (the cancel path) when the user chooses to stop. */
    private readonly stop: () => void,
    private readonly estimate = storageEstimate,
  ) {}

  /** The question and its answer, once asked. */
  get full(): StorageFull | null {
    return this.#full;
  }

  /** The scan's progress, passed on with the question while it stands. */
  readonly progress = (p: ScanProgress): void => {
    this.#last = p;
    this.send(this.#full ? { ...p, storageFull: this.#full } : p);
  };

  /** Asks once per scan: a later refusal (another file, a helper) gets the same answer. */
  ask(): Promise<StorageChoice> {
    this.#asked ??= this.#ask();
    return this.#asked;
  }

  async #ask(): Promise<StorageChoice> {
    const { usage, quota } = await this.estimate();
    const answered = new Promise<StorageChoice>((resolve) => (this.#resolve = resolve));
    this.#full = { usage, quota, choice: null };
    this.#resend();
    // A cancel while the question stands is a stop: what is stored stays.
    const onAbort = () => this.answer('stop');
    this.signal.addEventListener('abort', onAbort, { once: true });
    if (this.signal.aborted) onAbort();
    const choice = await answered;
    this.signal.removeEventListener('abort', onAbort);
    return choice;
  }

  answer(choice: StorageChoice): void {
    const resolve = this.#resolve;
    if (!this.#full || this.#full.choice || !resolve) return;
    this.#full = { ...this.#full, choice };
    this.#resend();
    if (choice === 'stop') this.stop();
    resolve(choice);
  }

  #resend(): void {
    if (this.#last) this.progress(this.#last);
  }
}

/** The rows of the files a storage stop cut short say why, and that their stored part stays. */
export async function markStopped(
  repos: Repos,
  sessionId: string,
  files: FileSummary[],
): Promise<FileSummary[]> {
  const cut = new Set(files.filter((f) => f.status === 'cancelled').map((f) => f.id));
  for (const f of await repos.files.list(sessionId))
    // Its status too: the cancel's own row write may have been refused as well.
    if (cut.has(f.id)) await repos.files.put({ ...f, status: 'cancelled', error: STOPPED_FULL });
  return files.map((f) => (cut.has(f.id) ? { ...f, error: STOPPED_FULL } : f));
}

const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/**
 * A quota refusal said in words (the browser's QuotaExceededError often has no message):
 * how much is used, and what to do. Any other error is returned as it is.
 */
export async function explainQuota(error: unknown, estimate = storageEstimate): Promise<unknown> {
  if (!isQuotaError(error)) return error;
  const { usage, quota } = await estimate();
  const figures = quota > 0 ? ` (${mb(usage)} used of ${mb(quota)})` : '';
  return new Error(
    `Storage is full${figures}: the browser refused to save more. What was saved before is kept. Delete a session you no longer need to make room, then try again.`,
  );
}
