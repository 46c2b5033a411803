import { expect, test, type Page } from '@playwright/test';
import { DB_NAME } from '../../src/store/open.ts';
import type { SessionSummary, TimelineExtent } from '../../src/worker/app-api.ts';
import { call, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture } from '../services/helpers.ts';
import { bigEvents, ndjson } from '../fixtures/ui/generate.ts';
import { tempFile } from '../fixtures/ui/app-helpers.ts';

// The timeline's index is built while a scan stores its events (each chunk's places beside it,
// saved as an index when the scan ends), so a first open reads it instead of every chunk. Real
// page, worker and IndexedDB; synthetic events: a big benign file on eight hosts (read by a
// helper worker when the page has two), the WinRM positive, then a file of new hosts added.

/** The saved index's header key, or null while there is none. */
function savedKey(page: Page, sessionId: string): Promise<string | null> {
  return page.evaluate(
    ([id, name]) =>
      new Promise<string | null>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('kv').objectStore('kv').get(`timeline-index:${id}`);
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result?.value as { key?: string } | undefined)?.key ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    [sessionId, DB_NAME] as const,
  );
}

/** How many chunks the session stores, and how many have their places beside them. */
function chunksAndPlaces(page: Page, sessionId: string) {
  return page.evaluate(
    ([id, name]) =>
      new Promise<{ chunks: number; places: number }>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['events', 'kv']);
          const chunks = tx
            .objectStore('events')
            .count(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
          const places = tx
            .objectStore('kv')
            .count(IDBKeyRange.bound(`timeline-chunk:${id}:`, `timeline-chunk:${id}:\uffff`));
          tx.oncomplete = () => {
            open.result.close();
            resolve({ chunks: chunks.result, places: places.result });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [sessionId, DB_NAME] as const,
  );
}

/** Removes the saved index and every chunk's places: the next worker builds from documents. */
function forgetIndex(page: Page, sessionId: string) {
  return page.evaluate(
    ([id, name]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('kv', 'readwrite');
          for (const prefix of ['timeline-index', 'timeline-chunk']) {
            tx.objectStore('kv').delete(
              IDBKeyRange.bound(`${prefix}:${id}`, `${prefix}:${id}:\uffff`),
            );
          }
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [sessionId, DB_NAME] as const,
  );
}

/** The whole session's density (counts as plain arrays) and a window's events, as the page asks. */
async function timeline(page: Page, sessionId: string) {
  const extent = await call<TimelineExtent>(page, 'timelineExtent', sessionId);
  const span = { from: extent.min!, to: extent.max! + 1 };
  const density = await page.evaluate(
    async ([id, request]) => {
      const d = (await globalThis.__svc.call('timelineDensity', [id, request])) as {
        lanes: { host: string; counts: Uint32Array; max: number }[];
      };
      return d.lanes.map((l) => ({ host: l.host, max: l.max, counts: Array.from(l.counts) }));
    },
    [sessionId, { ...span, bins: 300 }] as const,
  );
  const events = await call<{ rows: unknown[]; inWindow: number }>(
    page,
    'timelineEvents',
    sessionId,
    { ...span, limit: 50 },
  );
  return { extent, density, events };
}

test('after a scan the timeline index is saved, equals one built from scratch, and follows added files', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  await putFile(page, 'big', tempFile('timeline-big.ndjson', ndjson(bigEvents(40_000))));
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  const added = bigEvents(3000, 3).map((d) => ({
    ...d,
    host: { name: `added-${(d.host as { name: string }).name}` },
  }));
  // One event with no time: counted as untimed, placed on no lane.
  const untimed = { ...added[0], '@timestamp': undefined };
  const session = await call<SessionSummary>(page, 'createSession', 'timeline index');
  const id = session.id;

  await scan(page, id, 'big', 'pos');
  // Every stored chunk has its places; the index is saved in the background once the scan ends.
  const stored = await chunksAndPlaces(page, id);
  expect(stored.chunks).toBeGreaterThan(1);
  expect(stored.places).toBe(stored.chunks);
  await expect.poll(() => savedKey(page, id), { timeout: 60_000 }).not.toBeNull();
  const first = await savedKey(page, id);
  const fromScan = await timeline(page, id);
  const sessions = await call<SessionSummary[]>(page, 'listSessions');
  const events = sessions.find((s) => s.id === id)?.events;
  expect(fromScan.extent.events + fromScan.extent.untimed).toBe(events);
  expect(fromScan.density.length).toBe(fromScan.extent.hosts.length);
  expect(fromScan.density.some((l) => l.host === 'big-00')).toBe(true);

  // From scratch: no saved index, no places, a fresh worker that reads every chunk's documents.
  await forgetIndex(page, id);
  await openApp(page);
  const scratch = await timeline(page, id);
  expect(scratch).toEqual(fromScan);

  // Files added to the session: their chunks get places, the saved index is replaced by one
  // with the new hosts, and it equals the index built from scratch again.
  await putFile(page, 'added', tempFile('timeline-added.ndjson', ndjson([...added, untimed])));
  await scan(page, id, 'added');
  await expect.poll(() => savedKey(page, id), { timeout: 60_000 }).not.toBe(first);
  const after = await chunksAndPlaces(page, id);
  expect(after.chunks).toBeGreaterThan(stored.chunks);
  // The places forgotten above stay forgotten for the first chunks; the added ones have theirs.
  expect(after.places).toBe(after.chunks - stored.chunks);
  const extended = await timeline(page, id);
  expect(extended.extent.events).toBe(fromScan.extent.events + added.length);
  expect(extended.extent.untimed).toBe(fromScan.extent.untimed + 1);
  expect(extended.density.map((l) => l.host)).toEqual(
    expect.arrayContaining(['added-big-00', 'added-big-01', 'added-big-02']),
  );
  await forgetIndex(page, id);
  await openApp(page);
  expect(await timeline(page, id)).toEqual(extended);
});

test('after a stopped scan is kept and then resumed the saved index is current again; deleting the session takes it all', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openApp(page);
  const BIG = 60_000;
  await putFile(page, 'big', tempFile('timeline-resume.ndjson', ndjson(bigEvents(BIG))));
  const session = await call<SessionSummary>(page, 'createSession', 'timeline resume');
  const id = session.id;

  // Cut short once it has stored events: the index saved then is of the partial events.
  await page.evaluate((sid) => {
    const svc = globalThis.__svc;
    svc.progress = [];
    (globalThis as unknown as { __scan: Promise<unknown> }).__scan = svc.call(
      'scanFiles',
      [sid, [svc.files.big]],
      true,
    );
  }, id);
  await expect
    .poll(() => chunksAndPlaces(page, id).then((c) => c.chunks), { timeout: 60_000 })
    .toBeGreaterThan(0);
  await call(page, 'cancelScan');
  await page.evaluate(() => (globalThis as unknown as { __scan: Promise<unknown> }).__scan);
  // A cancelled scan's index waits for the user's choice (it would race the settle's writes).
  await call(page, 'settleCancelled', id, true);
  await expect.poll(() => savedKey(page, id), { timeout: 60_000 }).not.toBeNull();
  const partial = await savedKey(page, id);

  // Resumed: the partial events are replaced, and so is the index.
  await page.evaluate(
    (sid) => globalThis.__svc.call('resumeScan', [sid, [globalThis.__svc.files.big]], true),
    id,
  );
  await expect.poll(() => savedKey(page, id), { timeout: 60_000 }).not.toBe(partial);
  const stored = await chunksAndPlaces(page, id);
  expect(stored.places).toBe(stored.chunks);
  const resumed = await timeline(page, id);
  expect(resumed.extent.events).toBe(BIG);
  await forgetIndex(page, id);
  await openApp(page);
  expect(await timeline(page, id)).toEqual(resumed);

  // Deleting the session removes its chunks, their places and its saved index.
  await expect.poll(() => savedKey(page, id), { timeout: 60_000 }).not.toBeNull();
  await call(page, 'deleteSession', id);
  expect(await chunksAndPlaces(page, id)).toEqual({ chunks: 0, places: 0 });
  expect(await savedKey(page, id)).toBeNull();
});
