import type { IDBPDatabase } from 'idb';
import { readChunk, type StoredChunk } from './chunk-codec.ts';
import { newId } from './id.ts';
import { openSequentDb, type OpenOptions } from './open.ts';
import type {
  AlertRecord,
  ClosingReason,
  EventChunkRecord,
  ExceptionRecord,
  FileRecord,
  HuntRecord,
  RuleRecord,
  SessionRecord,
  TriageRecord,
  TriageStatus,
} from './records.ts';
import { SESSION_OWNED, type SequentSchema } from './schema.ts';
import { chunkPlacesKey } from './session-data.ts';

export interface StoreOptions extends OpenOptions {
  /** The clock used for timestamps (tests pin it). */
  now?: () => number;
}

/**
 * Everything Sequent keeps between visits, behind verbs: no caller sees a transaction, and
 * every read-modify-write happens inside one, so two workers cannot lose each other's update.
 */
export class SequentStore {
  private constructor(
    private readonly db: IDBPDatabase<SequentSchema>,
    private readonly now: () => number,
  ) {}

  static async open(options: StoreOptions = {}): Promise<SequentStore> {
    return new SequentStore(await openSequentDb(options), options.now ?? Date.now);
  }

  close(): void {
    this.db.close();
  }

  // ── sessions ────────────────────────────────────────────────────────────────

  async createSession(
    name: string,
    options: { id?: string; demo?: boolean } = {},
  ): Promise<SessionRecord> {
    const at = this.now();
    const session: SessionRecord = {
      id: options.id ?? newId(),
      name,
      createdAt: at,
      lastUsedAt: at,
      ...(options.demo ? { demo: true } : {}),
    };
    await this.db.add('sessions', session);
    return session;
  }

  getSession(id: string): Promise<SessionRecord | undefined> {
    return this.db.get('sessions', id);
  }

  /** Most recently used first. */
  async listSessionsByLastUse(limit?: number): Promise<SessionRecord[]> {
    const out: SessionRecord[] = [];
    const tx = this.db.transaction('sessions');
    let cursor = await tx.store.index('byLastUsed').openCursor(null, 'prev');
    while (cursor && (limit === undefined || out.length < limit)) {
      out.push(cursor.value);
      cursor = await cursor.continue();
    }
    await tx.done;
    return out;
  }

  /** Marks a session as just used; false when it does not exist. */
  touchSession(id: string): Promise<boolean> {
    return this.updateSession(id, (s) => ({ ...s, lastUsedAt: this.now() }));
  }

  renameSession(id: string, name: string): Promise<boolean> {
    return this.updateSession(id, (s) => ({ ...s, name, lastUsedAt: this.now() }));
  }

  /** Removes a session with its files, events, alerts, triage and hunts, all or nothing. */
  async deleteSession(id: string): Promise<void> {
    const tx = this.db.transaction(['sessions', 'events', ...SESSION_OWNED], 'readwrite');
    const work: Promise<unknown>[] = [tx.objectStore('sessions').delete(id)];
    work.push(tx.objectStore('events').delete(IDBKeyRange.bound([id, -Infinity], [id, Infinity])));
    for (const name of SESSION_OWNED) {
      const index =
        name === 'hunts'
          ? tx.objectStore(name).index('bySessionTime')
          : tx.objectStore(name).index('bySession');
      const range =
        name === 'hunts'
          ? IDBKeyRange.bound([id, -Infinity], [id, Infinity])
          : IDBKeyRange.only(id);
      work.push(
        index
          .getAllKeys(range)
          .then((keys) => Promise.all(keys.map((key) => tx.objectStore(name).delete(key)))),
      );
    }
    await Promise.all([...work, tx.done]);
  }

  private async updateSession(
    id: string,
    change: (s: SessionRecord) => SessionRecord,
  ): Promise<boolean> {
    const tx = this.db.transaction('sessions', 'readwrite');
    const current = await tx.store.get(id);
    if (current) await tx.store.put(change(current));
    await tx.done;
    return current !== undefined;
  }

  // ── files and events ────────────────────────────────────────────────────────

  async addFile(file: Omit<FileRecord, 'id' | 'addedAt'> & { id?: string }): Promise<FileRecord> {
    const record: FileRecord = { ...file, id: file.id ?? newId(), addedAt: this.now() };
    await this.db.put('files', record);
    return record;
  }

  listFiles(sessionId: string): Promise<FileRecord[]> {
    return this.db.getAllFromIndex('files', 'bySession', sessionId);
  }

  async putEventChunk(
    sessionId: string,
    chunkIndex: number,
    events: Record<string, unknown>[],
  ): Promise<void> {
    // Places the app's timeline kept of an earlier chunk of this number would not be its.
    const tx = this.db.transaction(['events', 'kv'], 'readwrite');
    await Promise.all([
      tx.objectStore('events').put({ sessionId, chunkIndex, events }),
      tx.objectStore('kv').delete(chunkPlacesKey(sessionId, chunkIndex)),
      tx.done,
    ]);
  }

  async getEventChunk(sessionId: string, chunkIndex: number): Promise<EventChunkRecord['events']> {
    const stored = await this.db.get('events', [sessionId, chunkIndex]);
    // The app's scans write packed chunks (chunk-codec.ts); this reads either kind.
    return stored ? (await readChunk(stored as StoredChunk)).events : [];
  }

  /** The stored chunk numbers of a session, ascending. */
  async listEventChunks(sessionId: string): Promise<number[]> {
    const keys = await this.db.getAllKeys(
      'events',
      IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]),
    );
    return keys.map(([, index]) => index);
  }

  // ── alerts and triage ───────────────────────────────────────────────────────

  /** Stores a batch of alerts in one transaction. */
  async putAlerts(alerts: AlertRecord[]): Promise<void> {
    const tx = this.db.transaction('alerts', 'readwrite');
    await Promise.all([...alerts.map((a) => tx.store.put(a)), tx.done]);
  }

  /** The alerts of a session, oldest first. */
  listAlerts(sessionId: string): Promise<AlertRecord[]> {
    return this.db.getAllFromIndex(
      'alerts',
      'bySessionTime',
      IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]),
    );
  }

  getAlert(id: string): Promise<AlertRecord | undefined> {
    return this.db.get('alerts', id);
  }

  /** Sets an alert's verdict and/or note, keeping what the change does not mention. */
  async setTriage(
    alertId: string,
    change: { status?: TriageStatus; closingReason?: ClosingReason | null; note?: string },
  ): Promise<TriageRecord> {
    const tx = this.db.transaction(['alerts', 'triage'], 'readwrite');
    const alert = await tx.objectStore('alerts').get(alertId);
    if (!alert) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new Error(`No alert ${alertId} to triage`);
    }
    const current = await tx.objectStore('triage').get(alertId);
    const record: TriageRecord = {
      alertId,
      sessionId: alert.sessionId,
      status: change.status ?? current?.status ?? 'open',
      closingReason:
        change.closingReason !== undefined
          ? change.closingReason
          : (current?.closingReason ?? null),
      note: change.note ?? current?.note ?? '',
      updatedAt: this.now(),
    };
    await tx.objectStore('triage').put(record);
    await tx.done;
    return record;
  }

  getTriage(alertId: string): Promise<TriageRecord | undefined> {
    return this.db.get('triage', alertId);
  }

  listTriage(sessionId: string): Promise<TriageRecord[]> {
    return this.db.getAllFromIndex('triage', 'bySession', sessionId);
  }

  // ── rules and exceptions ────────────────────────────────────────────────────

  async putRule(rule: Omit<RuleRecord, 'updatedAt'>): Promise<RuleRecord> {
    const record: RuleRecord = { ...rule, updatedAt: this.now() };
    await this.db.put('rules', record);
    return record;
  }

  getRule(id: string): Promise<RuleRecord | undefined> {
    return this.db.get('rules', id);
  }

  /** All rules, by name. */
  listRules(): Promise<RuleRecord[]> {
    return this.db.getAllFromIndex('rules', 'byName');
  }

  /** Switches a rule on or off; false when it does not exist. */
  async setRuleEnabled(id: string, enabled: boolean): Promise<boolean> {
    const tx = this.db.transaction('rules', 'readwrite');
    const rule = await tx.store.get(id);
    if (rule) await tx.store.put({ ...rule, enabled, updatedAt: this.now() });
    await tx.done;
    return rule !== undefined;
  }

  /** Deletes a rule and its exceptions together. */
  async deleteRule(id: string): Promise<void> {
    const tx = this.db.transaction(['rules', 'exceptions'], 'readwrite');
    const exceptions = tx.objectStore('exceptions');
    const keys = await exceptions.index('byRule').getAllKeys(id);
    await Promise.all([
      tx.objectStore('rules').delete(id),
      ...keys.map((k) => exceptions.delete(k)),
      tx.done,
    ]);
  }

  async addException(
    exception: Omit<ExceptionRecord, 'id' | 'createdAt'>,
  ): Promise<ExceptionRecord> {
    const record: ExceptionRecord = {
      ...exception,
      id: newId(),
      createdAt: this.now(),
    };
    await this.db.add('exceptions', record);
    return record;
  }

  listExceptions(ruleId: string): Promise<ExceptionRecord[]> {
    return this.db.getAllFromIndex('exceptions', 'byRule', ruleId);
  }

  deleteException(id: string): Promise<void> {
    return this.db.delete('exceptions', id);
  }

  // ── hunting history ─────────────────────────────────────────────────────────

  async addHunt(hunt: Omit<HuntRecord, 'id' | 'ranAt'>): Promise<HuntRecord> {
    const record: HuntRecord = { ...hunt, id: newId(), ranAt: this.now() };
    await this.db.add('hunts', record);
    return record;
  }

  /** The hunts of a session, newest first. */
  async listHunts(sessionId: string): Promise<HuntRecord[]> {
    const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
    return (await this.db.getAllFromIndex('hunts', 'bySessionTime', range)).reverse();
  }

  // ── settings and notes ──────────────────────────────────────────────────────

  async setValue(key: string, value: unknown): Promise<void> {
    await this.db.put('kv', { key, value, updatedAt: this.now() });
  }

  async getValue(key: string): Promise<unknown> {
    return (await this.db.get('kv', key))?.value;
  }

  async putNote(key: string, text: string): Promise<void> {
    await this.setValue(`note:${key}`, text);
  }

  async getNote(key: string): Promise<string | undefined> {
    const value = await this.getValue(`note:${key}`);
    return typeof value === 'string' ? value : undefined;
  }
}
