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
    await this.update(
      sessionId,
      alerts,
      alerts.map((a) => a.id),
    );
  }

  /**
   * The session's set becomes the alerts `ids` names: those not among them go, and `changed`
   * (new or rebuilt ones) are written; the rest stay as stored. A scan's checkpoints rewrote
   * every alert each time, and with hundreds of files and alerts that rewriting kept
   * IndexedDB busier than the scan itself.
   */
  async update(sessionId: string, changed: ServiceAlert[], ids: readonly string[]): Promise<void> {
    const tx = this.db.transaction('alerts', 'readwrite');
    const old = await tx.store.index('bySession').getAllKeys(sessionId);
    const keep = new Set(ids);
    await committed(tx, [
      ...old.filter((k) => !keep.has(k)).map((k) => tx.store.delete(k)),
      ...changed.map((a) => tx.store.put(a)),
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
