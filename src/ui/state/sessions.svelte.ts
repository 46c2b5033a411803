// The open session and the list of all of them. Opening one is what every other view keys on.
import type { AppApi, SessionSummary, StorageInfo } from '../../worker/app-api';
import type { Notices } from './notices.svelte';

export class SessionsState {
  current = $state.raw<SessionSummary | null>(null);
  list = $state.raw<SessionSummary[]>([]);
  storage = $state.raw<StorageInfo | null>(null);
  loading = $state(true);

  private readonly api: AppApi;
  private readonly notices: Notices;

  constructor(api: AppApi, notices: Notices) {
    this.api = api;
    this.notices = notices;
  }

  /** Newest use first, as the menu shows them. */
  get sorted(): SessionSummary[] {
    return [...this.list].sort((a, b) => b.lastUsedAt - a.lastUsedAt);
  }

  /** Renames a session where its name is shown; the list and the header follow. */
  async rename(id: string, name: string): Promise<void> {
    await this.notices.attempt('Renaming the session', () => this.api.renameSession(id, name));
    await this.refresh();
  }

  async refresh(): Promise<void> {
    const list = await this.notices.attempt('Listing sessions', () => this.api.listSessions());
    if (list) this.list = list;
    const storage = await this.api.storageInfo().catch(() => null);
    if (storage) this.storage = storage;
    const id = this.current?.id;
    const fresh = id ? this.list.find((s) => s.id === id) : undefined;
    if (fresh) this.current = fresh;
  }

  /**
   * The last session if there is one, else null: a responder's first visit opens on the drop
   * zone (with the demo offered beside it), not on someone else's synthetic alerts.
   */
  async initial(): Promise<SessionSummary | null> {
    const last = await this.notices.attempt('Reopening the last session', () =>
      this.api.lastSession(),
    );
    if (last) {
      const opened = await this.notices.attempt('Opening the last session', () =>
        this.api.openSession(last.id),
      );
      return opened ?? null;
    }
    const all = await this.api.listSessions().catch(() => []);
    if (all.length > 0) {
      const newest = [...all].sort((a, b) => b.lastUsedAt - a.lastUsedAt)[0];
      const opened = await this.notices.attempt('Opening a session', () =>
        this.api.openSession(newest.id),
      );
      return opened ?? null;
    }
    return null;
  }
}
