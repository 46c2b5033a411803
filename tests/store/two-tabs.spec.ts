import { expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { harnessTest } from '../browser/bundle.ts';
import type * as Store from '../../src/store/index.ts';

// Two tabs on one database, in real Chromium IndexedDB (see tests/store/harness.ts): a newer
// version opened elsewhere closes this connection and says so; an upgrade that an older tab
// holds up says so too, and goes on by itself once that tab lets go.

type Harness = {
  openSequentDb: typeof Store.openSequentDb;
  migrations: typeof Store.migrations;
  DB_VERSION: number;
};
declare const sequentHarness: Harness;

const test = harnessTest(fileURLToPath(new URL('./harness.ts', import.meta.url)));

test('a newer version opened in another tab closes this connection and reports it', async ({
  harness: page,
}) => {
  const result = await page.evaluate(async () => {
    const name = `test:${Math.random().toString(36).slice(2)}`;
    const seen: (number | null | string)[] = [];
    const db = await sequentHarness.openSequentDb({ name, onVersionChange: (v) => seen.push(v) });
    // The newer build, as another tab would open it: plain IndexedDB at the next version.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, sequentHarness.DB_VERSION + 1);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => seen.push('blocked');
    });
    let afterwards = '';
    try {
      db.transaction('sessions');
    } catch (e) {
      afterwards = (e as DOMException).name;
    }
    const version = newer.version;
    newer.close();
    return { seen, version, afterwards, expected: sequentHarness.DB_VERSION + 1 };
  });
  expect(result.version).toBe(result.expected);
  expect(result.seen).toEqual([result.expected]);
  expect(result.afterwards).toBe('InvalidStateError');
});

test('an upgrade an older tab holds up says so, and goes on when that tab closes', async ({
  harness: page,
}) => {
  const result = await page.evaluate(async () => {
    const name = `test:${Math.random().toString(36).slice(2)}`;
    (await sequentHarness.openSequentDb({ name })).close();
    // An older build that does not step aside: a plain connection with no versionchange handler.
    const older = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name, sequentHarness.DB_VERSION);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const events: unknown[][] = [];
    const v2 = [...sequentHarness.migrations, () => undefined];
    let opened = false;
    const opening = sequentHarness
      .openSequentDb({
        name,
        migrations: v2 as never,
        onBlocked: (current, wanted) => events.push(['blocked', current, wanted]),
        onUnblocked: () => events.push(['open']),
      })
      .then((db) => {
        opened = true;
        return db;
      });
    await new Promise((r) => setTimeout(r, 500));
    const whileHeld = { events: [...events], opened };
    older.close();
    const db = await opening;
    const version = db.version;
    db.close();
    return { whileHeld, events, version, current: sequentHarness.DB_VERSION };
  });
  const wanted = result.current + 1;
  expect(result.whileHeld).toEqual({
    events: [['blocked', result.current, wanted]],
    opened: false,
  });
  expect(result.events).toEqual([['blocked', result.current, wanted], ['open']]);
  expect(result.version).toBe(wanted);
});
