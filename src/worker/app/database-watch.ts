// Two tabs, one database: when a newer Sequent in another tab upgrades the schema, this
// worker's connection closes (src/store/open.ts) and the page must say "reload" instead of
// failing on every call; when this worker's upgrade waits for an older tab, the page must say
// which tab to close instead of hanging on a blank screen.
import type { OpenOptions } from '../../store/open.ts';
import type { DatabaseChange } from '../app-api.ts';

export type DatabaseHooks = Pick<OpenOptions, 'onVersionChange' | 'onBlocked' | 'onUnblocked'>;

export const UPDATED_ELSEWHERE =
  'Sequent was updated in another tab and this tab closed its database: reload this page.';

export class DatabaseWatch {
  #listener: ((change: DatabaseChange) => void) | null = null;
  #last: DatabaseChange | null = null;
  /** Another tab upgraded the database: this worker's connection is closed for good. */
  updated = false;

  /** The page's listener; it hears the last change at once (it may predate the call). */
  watch(listener: (change: DatabaseChange) => void): void {
    this.#listener = listener;
    if (this.#last) this.#send(this.#last);
  }

  hooks(): DatabaseHooks {
    return {
      onVersionChange: (version) => {
        this.updated = true;
        this.#send({ state: 'updated', version });
      },
      onBlocked: (_current, version) => this.#send({ state: 'blocked', version }),
      onUnblocked: () => this.#send({ state: 'open', version: null }),
    };
  }

  /**
   * The open failed. A VersionError means a newer Sequent already upgraded the database: this
   * build cannot read it, and the page says so as for an upgrade seen live (over http a reload
   * fetches the newer build). Returns the error to throw.
   */
  openFailed(error: unknown): unknown {
    if (!(error instanceof Error) || error.name !== 'VersionError') return error;
    this.updated = true;
    this.#send({ state: 'updated', version: null });
    return new Error(UPDATED_ELSEWHERE);
  }

  #send(change: DatabaseChange): void {
    this.#last = change;
    // A comlink proxy answers with a promise; a page that went away rejects it.
    void Promise.resolve(this.#listener?.(change)).catch(() => undefined);
  }
}
