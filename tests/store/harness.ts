// Runs in Chromium (bundled by tests/browser/bundle.ts): the real store, nothing faked.
import { openDB } from 'idb';
import {
  DB_NAME,
  DB_VERSION,
  SequentStore,
  migrations,
  openSequentDb,
} from '../../src/store/index.ts';
import { AlertRepository } from '../../src/store/alerts.ts';
import { EventRepository } from '../../src/store/events.ts';
import { IdbSink } from '../../src/worker/app/idb-sink.ts';
import { Repos } from '../../src/worker/app/repos.ts';
import { withRoom } from '../../src/worker/app/room.ts';

/** Every object store with its key path and index names, read with plain IndexedDB. */
async function describeDb(name: string) {
  const db = await openDB(name);
  const stores: Record<string, { keyPath: unknown; indexes: string[] }> = {};
  const tx = db.transaction([...db.objectStoreNames]);
  for (const storeName of db.objectStoreNames) {
    const store = tx.objectStore(storeName);
    stores[storeName] = { keyPath: store.keyPath, indexes: [...store.indexNames].sort() };
  }
  const version = db.version;
  db.close();
  return { version, stores };
}

/**
 * `n` characters of hex text from random bytes: IndexedDB compresses what it stores, and
 * this does not shrink. In pieces: getRandomValues gives at most 64 KB a call.
 */
function noise(n: number): string {
  let text = '';
  while (text.length < n) {
    const bytes = crypto.getRandomValues(new Uint8Array(Math.min(32_768, (n - text.length) / 2)));
    text += Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }
  return text;
}

Object.assign(globalThis, {
  sequentHarness: {
    SequentStore,
    openSequentDb,
    migrations,
    DB_NAME,
    DB_VERSION,
    describeDb,
    EventRepository,
    AlertRepository,
    IdbSink,
    Repos,
    withRoom,
    noise,
  },
});
