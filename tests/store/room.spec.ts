import { expect, test } from '@playwright/test';
import { harnessWithQuota } from './quota-page.ts';
import type * as Store from '../../src/store/index.ts';
import type { IdbSink } from '../../src/worker/app/idb-sink.ts';
import type { Repos } from '../../src/worker/app/repos.ts';
import type { withRoom } from '../../src/worker/app/room.ts';

// After a stop on a full storage the scan's closing records must be written (room.ts). In real
// Chromium with the origin's quota made small (set before the page first touches storage): a
// scan's sink stores chunks until the quota refuses one, then a record that finds no room is
// written once the newest chunks are let go, one at a time, and only as many as it needs (the
// sink's first step, a sweep of what a refused write left, frees no stored chunk).
// The chunks' text is random (IndexedDB compresses what it stores): synthetic.

type Harness = {
  noise(n: number): string;
  openSequentDb: typeof Store.openSequentDb;
  Repos: typeof Repos;
  IdbSink: typeof IdbSink;
  withRoom: typeof withRoom;
};
declare const sequentHarness: Harness;

const ORIGIN = 'http://sequent-room.test';

test('a record refused for room is written once the newest chunks of the scan are let go', async ({
  browser,
}) => {
  const page = await harnessWithQuota(browser, ORIGIN, 600_000);
  const result = await page.evaluate(async () => {
    const db = await sequentHarness.openSequentDb({ name: 'room' });
    const repos = new sequentHarness.Repos(db);
    const sink = new sequentHarness.IdbSink(repos, 's', () => 0);
    const { noise } = sequentHarness;
    // Three events a chunk, each chunk ~60 KB.
    const chunk = (n: number) => ({
      sessionId: 's',
      chunkIndex: n,
      file: 0,
      firstRecord: n * 3,
      events: [0, 1, 2].map((i) => ({ message: noise(20_000), i })),
      lines: [1, 2, 3],
      raws: [{}, {}, {}],
    });
    let stored = 0;
    let refused = '';
    for (let n = 0; n < 40 && !refused; n++) {
      try {
        await sink.putChunk(chunk(n));
        stored++;
      } catch (e) {
        refused = (e as DOMException).name;
      }
    }
    // A row with a long text (~160 KB): more than the refused chunk left free.
    const row = {
      id: 'f',
      sessionId: 's',
      index: 0,
      name: 'big.ndjson',
      status: 'cancelled',
      error: noise(160_000),
    } as never;
    let first = '';
    try {
      await repos.files.put(row);
    } catch (e) {
      first = (e as DOMException).name;
    }
    let releases = 0;
    await sequentHarness.withRoom(
      () => repos.files.put(row),
      async () => {
        releases++;
        return sink.makeRoom();
      },
    );
    const left = await repos.events.chunkNumbers('s');
    const events = await repos.events.count('s');
    const kept = (await repos.files.list('s')).length;
    db.close();
    return { stored, refused, first, releases, released: sink.released, left, events, kept };
  });
  await page.close();
  expect(result.refused).toBe('QuotaExceededError');
  expect(result.stored).toBeGreaterThan(4);
  // Without room the row is refused; with the newest chunks let go it is written.
  expect(result.first).toBe('QuotaExceededError');
  expect(result.kept).toBe(1);
  // The sweep, then only as many chunks as it needed (~160 KB of ~60 KB chunks), the newest,
  // said in events.
  const chunks = result.releases - 1;
  expect(chunks).toBeGreaterThan(0);
  expect(chunks).toBeLessThan(result.stored);
  expect(result.left).toEqual(Array.from({ length: result.stored - chunks }, (_, i) => i));
  expect(result.released).toBe(3 * chunks);
  expect(result.events).toBe(3 * (result.stored - chunks));
});
