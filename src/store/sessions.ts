// Sessions: one investigation each. Deleting one removes everything it owns in one
// transaction; the per-session kv entries (reports, field profile) go with it.
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from './schema.ts';
import type { ServiceSession } from './service-records.ts';
import { sessionDataKeys, sessionDataRanges } from './session-data.ts';

type Db = IDBPDatabase<SequentSchema>;

export class SessionRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<ServiceSession[]> {
    const all = (await this.db.getAllFromIndex('sessions', 'byLastUsed')) as ServiceSession[];
    return all.reverse().map(withDefaults);
  }

  async get(id: string): Promise<ServiceSession | undefined> {
    const s = (await this.db.get('sessions', id)) as ServiceSession | undefined;
    return s && withDefaults(s);
  }

  async create(session: ServiceSession): Promise<ServiceSession> {
    await this.db.add('sessions', session);
    return session;
  }

  /** Read-modify-write in one transaction; throws when the session does not exist. */
  async update(id: string, change: (s: ServiceSession) => ServiceSession): Promise<ServiceSession> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const current = (await tx.store.get(id)) as ServiceSession | undefined;
    if (!current) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new Error(`There is no session ${id} (it may have been deleted in another tab).`);
    }
    const next = change(withDefaults(current));
    await tx.store.put(next);
    await tx.done;
    return next;
  }

  async delete(id: string): Promise<void> {
    const stores = ['sessions', 'files', 'events', 'alerts', 'triage', 'hunts', 'kv'] as const;
    const tx = this.db.transaction([...stores], 'readwrite');
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    const owned = async (name: 'files' | 'alerts' | 'triage') => {
      const keys = await tx.objectStore(name).index('bySession').getAllKeys(id);
      await Promise.all(keys.map((k) => tx.objectStore(name).delete(k)));
    };
    await Promise.all([
      tx.objectStore('sessions').delete(id),
      tx.objectStore('events').delete(range),
      owned('files'),
      owned('alerts'),
      owned('triage'),
      tx
        .objectStore('hunts')
        .index('bySessionTime')
        .getAllKeys(range)
        .then((keys) => Promise.all(keys.map((k) => tx.objectStore('hunts').delete(k)))),
      ...sessionDataKeys(id).map((k) => tx.objectStore('kv').delete(k)),
      ...sessionDataRanges(id).map((r) => tx.objectStore('kv').delete(r)),
      tx.done,
    ]);
  }
}

function withDefaults(s: ServiceSession): ServiceSession {
  // Sessions written by the foundation's SequentStore lack the services' counters.
  return {
    ...s,
    files: s.files ?? 0,
    events: s.events ?? 0,
    alerts: s.alerts ?? 0,
    demo: s.demo ?? false,
    storage: s.storage ?? 'full',
    rules: s.rules ?? [],
  };
}
