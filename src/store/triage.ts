// The analyst's verdict per alert: status, closing reason, notes.
import type { IDBPDatabase } from 'idb';
import { OPEN, type Triage } from '../case/index.ts';
import type { SequentSchema } from './schema.ts';
import type { ServiceTriage } from './service-records.ts';

function triageOf(record: ServiceTriage | undefined): Triage {
  if (!record) return { ...OPEN };
  return {
    status: record.status,
    reason: record.closingReason ?? null,
    notes: record.note ?? '',
    updatedAt: record.updatedAt,
  };
}

export class TriageRepository {
  constructor(private readonly db: IDBPDatabase<SequentSchema>) {}

  async get(alertId: string): Promise<Triage> {
    return triageOf((await this.db.get('triage', alertId)) as ServiceTriage | undefined);
  }

  async bySession(sessionId: string): Promise<Map<string, Triage>> {
    const records = (await this.db.getAllFromIndex(
      'triage',
      'bySession',
      sessionId,
    )) as ServiceTriage[];
    return new Map(records.map((r) => [r.alertId, triageOf(r)]));
  }

  /** Applies a partial change in one transaction; a reason only stays while the alert is closed. */
  async set(
    sessionId: string,
    alertId: string,
    change: Partial<Triage>,
    now: number,
  ): Promise<Triage> {
    const tx = this.db.transaction('triage', 'readwrite');
    const current = triageOf((await tx.store.get(alertId)) as ServiceTriage | undefined);
    const status = change.status ?? current.status;
    const next: Triage = {
      status,
      reason:
        status === 'closed' ? (change.reason !== undefined ? change.reason : current.reason) : null,
      notes: change.notes ?? current.notes,
      updatedAt: now,
    };
    const record: ServiceTriage = {
      alertId,
      sessionId,
      status: next.status,
      closingReason: next.reason,
      note: next.notes,
      updatedAt: now,
    };
    await tx.store.put(record);
    await tx.done;
    return next;
  }

  async putAll(records: ServiceTriage[]): Promise<void> {
    const tx = this.db.transaction('triage', 'readwrite');
    await Promise.all([...records.map((r) => tx.store.put(r)), tx.done]);
  }
}
