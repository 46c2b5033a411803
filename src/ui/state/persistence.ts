// Persistent storage, asked for where it matters: before a big scan. A best-effort origin's
// data may be evicted when the disk runs low, and a case of hundreds of megabytes is what the
// browser would evict first. Asking at start-up would prompt (Firefox) every new user for
// nothing; asking before each big scan would nag. So: once per page, when more than
// BIG_SCAN_BYTES are dropped. Only a page may ask (StorageManager.persist is not exposed to
// workers); the header's storage meter then says "persistent" or "best-effort".
import type { Notices } from './notices.svelte';

/** Bytes dropped at once above which Sequent asks for persistent storage first. */
export const BIG_SCAN_BYTES = 200_000_000;

export const BEST_EFFORT_NOTE =
  'The browser keeps this case best-effort: it may delete it when the disk runs low. Export the session (Sessions menu) to keep a copy.';

export class Persistence {
  #asked = false;

  constructor(
    private readonly notices: Notices,
    /** Re-reads the storage figures the header shows. */
    private readonly refresh: () => Promise<void>,
  ) {}

  /** Before a scan of `bytes`: asks once per page for a big one; true when storage persists. */
  async beforeScan(bytes: number): Promise<boolean | null> {
    if (this.#asked || bytes <= BIG_SCAN_BYTES) return null;
    this.#asked = true;
    const storage = globalThis.navigator?.storage;
    if (!storage?.persist) return null;
    let granted = false;
    try {
      granted = (await storage.persisted()) || (await storage.persist());
    } catch {
      // Refused or unsupported: the same as "no".
    }
    if (!granted) this.notices.push('info', BEST_EFFORT_NOTE, 12_000);
    await this.refresh();
    return granted;
  }
}
