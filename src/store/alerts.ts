// A session's alerts. A scan or re-run replaces the set in one transaction; an alert's id
// comes from its identity, so triage on an alert found again stays attached to it.
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from './schema.ts';
import type { ServiceAlert } from './service-records.ts';
import { committed } from './write.ts';

export class AlertRepository {
  constructor(private readonly db: IDBPDatabase<SequentSchema>) {}

  /** Rejects with QuotaExceededError when the browser has no room (the old set then stays). */
  async replace(sessionId: string, alerts: ServiceAlert[]): Promise<void> {
    const tx = this.db.transaction('alerts', 'readwrite');
    const old = await tx.store.index('bySession').getAllKeys(sessionId);
    const keep = new Set(alerts.map((a) => a.id));
    await committed(tx, [
      ...old.filter((k) => !keep.has(k)).map((k) => tx.store.delete(k)),
      ...alerts.map((a) => tx.store.put(a)),
    ]);
  }

  async list(sessionId: string): Promise<ServiceAlert[]> {
    const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
    return (await this.db.getAllFromIndex('alerts', 'bySessionTime', range)) as ServiceAlert[];
  }

  async get(id: string): Promise<ServiceAlert | undefined> {
    return (await this.db.get('alerts', id)) as ServiceAlert | undefined;
  }
}
