import { expect, test } from '@playwright/test';
import { call, openApp, putFile } from '../services/browser-client.ts';
import { fixture } from '../services/helpers.ts';
import { bigEvents, ndjson } from '../fixtures/ui/generate.ts';
import { tempFile } from '../fixtures/ui/app-helpers.ts';
import type {
  HuntResult,
  ScanOutcome,
  ScanProgress,
  SessionSummary,
} from '../../src/worker/app-api.ts';

// The page links its pool's workers so one scan reads files side by side. A linked worker
// that dies part way must not hang the scan: the page tells the scanning worker, which
// reports the file it was reading and finishes the others. Synthetic data.
test('a helper worker that dies mid-file: the scan ends, the file says so, the rest is kept', async ({
  page,
}) => {
  await openApp(page);
  const workers = await page.evaluate(() => globalThis.__svc.workers.length);
  test.skip(workers < 2, 'one core: the page runs one worker');
  await putFile(page, 'big', tempFile('peer-big.ndjson', ndjson(bigEvents(60_000))));
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  const session = await call<SessionSummary>(page, 'createSession', 'peer crash');

  // The first file goes to the helper; crash it once its events are arriving.
  await page.evaluate((sid) => {
    const svc = globalThis.__svc;
    svc.progress = [];
    const run = svc.call('scanFiles', [sid, [svc.files.big, svc.files.pos]], true);
    (globalThis as unknown as { __scan: Promise<unknown> }).__scan = run;
  }, session.id);
  await expect
    .poll(() =>
      page.evaluate(() => {
        const last = globalThis.__svc.progress.at(-1) as ScanProgress | undefined;
        return last?.files[0].events ?? 0;
      }),
    )
    .toBeGreaterThan(0);
  await page.evaluate(() =>
    globalThis.__svc.workers[1].dispatchEvent(
      new ErrorEvent('error', { message: 'simulated helper crash' }),
    ),
  );
  const outcome = (await page.evaluate(
    () => (globalThis as unknown as { __scan: Promise<unknown> }).__scan,
  )) as ScanOutcome;
  expect(outcome.cancelled).toBe(false);
  expect(outcome.readers).toBe(2);
  expect(outcome.files[0]).toMatchObject({ status: 'error' });
  expect(outcome.files[0].error).toMatch(/stopped part way; scan the file again/);
  expect(outcome.files[1]).toMatchObject({ status: 'done', records: 8 });
  expect(outcome.alerts).toBe(2);

  // The dead worker is left out of the next scan, which the remaining worker reads alone.
  const again = await call<SessionSummary>(page, 'createSession', 'after the crash');
  const second = (await page.evaluate((sid) => {
    const svc = globalThis.__svc;
    return svc.call('scanFiles', [sid, [svc.files.big, svc.files.pos]], true);
  }, again.id)) as ScanOutcome;
  expect(second.readers).toBe(1);
  expect(second.files.map((f) => f.status)).toEqual(['done', 'done']);
  expect(second.files[0].records).toBe(60_000);
});

// Helpers are the page's long-lived workers, not started per scan: a cancelled scan must leave
// them ready, with nothing of the cancelled read leaking into the next scan.
test('after a cancelled spread scan the same workers read the next scan in full', async ({
  page,
}) => {
  await openApp(page);
  const workers = await page.evaluate(() => globalThis.__svc.workers.length);
  test.skip(workers < 2, 'one core: the page runs one worker');
  await putFile(page, 'big', tempFile('peer-cancel.ndjson', ndjson(bigEvents(60_000))));
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  const first = await call<SessionSummary>(page, 'createSession', 'cancelled');
  await page.evaluate((sid) => {
    const svc = globalThis.__svc;
    svc.progress = [];
    const run = svc.call('scanFiles', [sid, [svc.files.big, svc.files.pos]], true);
    (globalThis as unknown as { __scan: Promise<unknown> }).__scan = run;
  }, first.id);
  await expect
    .poll(() =>
      page.evaluate(() => {
        const last = globalThis.__svc.progress.at(-1) as ScanProgress | undefined;
        return last?.files[0].events ?? 0;
      }),
    )
    .toBeGreaterThan(0);
  await call(page, 'cancelScan');
  const cancelled = (await page.evaluate(
    () => (globalThis as unknown as { __scan: Promise<unknown> }).__scan,
  )) as ScanOutcome;
  expect(cancelled.cancelled).toBe(true);

  const next = await call<SessionSummary>(page, 'createSession', 'after cancel');
  const outcome = (await page.evaluate((sid) => {
    const svc = globalThis.__svc;
    return svc.call('scanFiles', [sid, [svc.files.big, svc.files.pos]], true);
  }, next.id)) as ScanOutcome;
  expect(outcome.readers).toBe(2);
  expect(outcome.files.map((f) => [f.status, f.records])).toEqual([
    ['done', 60_000],
    ['done', 8],
  ]);
  expect(outcome.alerts).toBe(2);
  const hunt = await call<HuntResult>(page, 'hunt', next.id, 'any where true');
  expect(hunt.total).toBe(60_008);
});
