import { openDB, type IDBPDatabase } from 'idb';
import {
  migrations,
  upgrade,
  type Migration,
  type UpgradeDb,
  type UpgradeTx,
} from './migrations.ts';
import type { SequentSchema } from './schema.ts';

/**
 * Every page opened from file:// shares one IndexedDB origin with every other local HTML
 * file, so the name carries a fixed random id that no other page will pick by accident.
 */
export const DB_NAME = 'sequent:4e3262e8-6075-4bc6-9622-5e8883000f4a';

export interface OpenOptions {
  /** Another database name (tests use a fresh one each). */
  name?: string;
  /** Open at an older version (tests of the upgrade path); defaults to the last step. */
  version?: number;
  /** Other upgrade steps (tests of a future version 2). */
  migrations?: readonly Migration[];
  /**
   * Another tab opened a newer schema: this connection has been closed to let its upgrade
   * through, and every later use of it fails, so the page must say "reload".
   */
  onVersionChange?: (newVersion: number | null) => void;
  /**
   * This open waits: an older connection (another tab) did not close for the upgrade to
   * `newVersion`. The open goes on by itself once that tab closes or reloads.
   */
  onBlocked?: (currentVersion: number, newVersion: number | null) => void;
  /** The wait is over: the upgrade went through after a blocked open. */
  onUnblocked?: () => void;
}

/** Opens (creating or upgrading) the database, from a page or a worker alike. */
export async function openSequentDb(
  options: OpenOptions = {},
): Promise<IDBPDatabase<SequentSchema>> {
  const name = options.name ?? DB_NAME;
  const steps = options.migrations ?? migrations;
  const version = options.version ?? steps.length;
  if (typeof indexedDB === 'undefined') {
    throw new Error('This browser offers no IndexedDB here, so Sequent cannot keep sessions.');
  }
  let blocked = false;
  const db = await openDB<SequentSchema>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      upgrade(
        db as UpgradeDb,
        oldVersion,
        newVersion ?? version,
        tx as unknown as UpgradeTx,
        steps,
      );
    },
    blocking(_current, newVersion) {
      // A newer Sequent (another tab) wants to upgrade: step aside instead of blocking it.
      db.close();
      options.onVersionChange?.(newVersion);
    },
    blocked(currentVersion, newVersion) {
      blocked = true;
      options.onBlocked?.(currentVersion, newVersion);
    },
  });
  if (blocked) options.onUnblocked?.();
  return db;
}
