import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { SequentSchema } from './schema.ts';

export type UpgradeDb = IDBPDatabase<SequentSchema>;
export type UpgradeTx = IDBPTransaction<
  SequentSchema,
  StoreNames<SequentSchema>[],
  'versionchange'
>;

/**
 * Step N turns a version N-1 database into version N. A browser that last ran an older
 * Sequent runs every step it missed, in order, inside the one upgrade transaction, so a
 * half-upgraded database never exists. Never edit a shipped step: append a new one.
 */
export type Migration = (db: UpgradeDb, tx: UpgradeTx) => void;

export const migrations: readonly Migration[] = [
  // v1: the first schema.
  (db) => {
    db.createObjectStore('sessions', { keyPath: 'id' }).createIndex('byLastUsed', 'lastUsedAt');
    db.createObjectStore('files', { keyPath: 'id' }).createIndex('bySession', 'sessionId');
    db.createObjectStore('events', { keyPath: ['sessionId', 'chunkIndex'] });
    const alerts = db.createObjectStore('alerts', { keyPath: 'id' });
    alerts.createIndex('bySession', 'sessionId');
    alerts.createIndex('bySessionTime', ['sessionId', 'timestamp']);
    alerts.createIndex('byRule', 'ruleId');
    db.createObjectStore('triage', { keyPath: 'alertId' }).createIndex('bySession', 'sessionId');
    db.createObjectStore('rules', { keyPath: 'id' }).createIndex('byName', 'name');
    db.createObjectStore('exceptions', { keyPath: 'id' }).createIndex('byRule', 'ruleId');
    db.createObjectStore('hunts', { keyPath: 'id' }).createIndex('bySessionTime', [
      'sessionId',
      'ranAt',
    ]);
    db.createObjectStore('kv', { keyPath: 'key' });
  },
];

/** The schema version this build writes: one per migration step. */
export const DB_VERSION = migrations.length;

/** Runs the steps from `oldVersion` (0 for a new database) up to `newVersion`. */
export function upgrade(
  db: UpgradeDb,
  oldVersion: number,
  newVersion: number,
  tx: UpgradeTx,
  steps: readonly Migration[] = migrations,
) {
  for (let version = oldVersion + 1; version <= newVersion; version++) {
    const step = steps[version - 1];
    if (!step) throw new Error(`No migration to database version ${version}`);
    step(db, tx);
  }
}
