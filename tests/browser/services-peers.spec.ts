import { expect, test, type Page } from '@playwright/test';
import { call, openApp, putFile } from '../services/browser-client.ts';
import { fixture } from '../services/helpers.ts';
import { bigEvents, ndjson } from '../fixtures/ui/generate.ts';
import { tempFile } from '../fixtures/ui/app-helpers.ts';
import type {
  FileSummary,
  HuntResult,
  ScanOutcome,
  ScanProgress,
  SessionSummary,
} from '../../src/worker/app-api.ts';

// The page links its pool's workers so one scan reads files side by side. Synthetic data: a
// big benign file (read by the helper, as the first file) and the one-file WinRM positive.
const BIG = 60_000;

async function withTwoWorkers(page: Page, name: string) {
  await openApp(page);
  const workers = await page.evaluate(() => globalThis.__svc.workers.length);
  test.skip(workers < 2, 'one core: the page runs one worker');
  await putFile(page, 'big', tempFile(`${name}.ndjson`, ndjson(bigEvents(BIG))));
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
}

/** Scans big + pos into a new session, awaited or left running (see `scanEnd`). */
async function scanBoth(page: Page, name: string, wait: boolean) {
  const session = await call<SessionSummary>(page, 'createSession', name);
  return page.evaluate(
    ([sid, w]) => {
      const svc = globalThis.__svc;
      svc.progress = [];
      const run = svc.call('scanFiles', [sid, [svc.files.big, svc.files.pos]], true);
      (globalThis as unknown as { __scan: Promise<unknown> }).__scan = run;
      return w ? run : null;
    },
    [session.id, wait] as const,
  ) as Promise<ScanOutcome | null>;
}

function scanEnd(page: Page) {
  return page.evaluate(
    () => (globalThis as unknown as { __scan: Promise<unknown> }).__scan,
  ) as Promise<ScanOutcome>;
}

/** Waits until the helper has sent events of the first file. */
async function helperReading(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const last = globalThis.__svc.progress.at(-1) as ScanProgress | undefined;
        return last?.files[0].events ?? 0;
      }),
    )
    .toBeGreaterThan(0);
}

// A linked worker that dies part way must not hang the scan: the page tells the scanning
// worker, which reports the file it was reading and finishes the others.
test('a helper worker that dies mid-file: the scan ends, the file says so, the rest is kept', async ({
  page,
}) => {
  await withTwoWorkers(page, 'peer-crash');
  await scanBoth(page, 'peer crash', false);
  await helperReading(page);
  await page.evaluate(() =>
    globalThis.__svc.workers[1].dispatchEvent(
      new ErrorEvent('error', { message: 'simulated helper crash' }),
    ),
  );
  const outcome = await scanEnd(page);
  expect(outcome.cancelled).toBe(false);
  expect(outcome.readers).toBe(2);
  expect(outcome.files[0]).toMatchObject({ status: 'error' });
  expect(outcome.files[0].error).toMatch(/stopped part way; scan the file again/);
  expect(outcome.files[1]).toMatchObject({ status: 'done', records: 8 });
  expect(outcome.alerts).toBe(2);

  // The dead worker is left out of the next scan, which the remaining worker reads alone.
  const second = (await scanBoth(page, 'after the crash', true))!;
  expect(second.readers).toBe(1);
  expect(second.files.map((f) => f.status)).toEqual(['done', 'done']);
  expect(second.files[0].records).toBe(BIG);
});

// Helpers are the page's long-lived workers, not started per scan: a cancelled scan must leave
// them ready, with nothing of the cancelled read leaking into the next scan.
test('after a cancelled spread scan the same workers read the next scan in full', async ({
  page,
}) => {
  await withTwoWorkers(page, 'peer-cancel');
  await scanBoth(page, 'cancelled', false);
  await helperReading(page);
  await call(page, 'cancelScan');
  expect((await scanEnd(page)).cancelled).toBe(true);

  const outcome = (await scanBoth(page, 'after cancel', true))!;
  expect(outcome.readers).toBe(2);
  expect(outcome.files.map((f) => [f.status, f.records])).toEqual([
    ['done', BIG],
    ['done', 8],
  ]);
  expect(outcome.alerts).toBe(2);
  const hunt = await call<HuntResult>(page, 'hunt', outcome.session.id, 'any where true');
  expect(hunt.total).toBe(BIG + 8);
});

// A cancel answers at once, before the helper reading the big file has stopped; that file's
// row is then made again from what the helper says it read, and the counts agree with what
// is stored.
test('a cancelled spread scan: the file a helper read gets its row from what the helper read', async ({
  page,
}) => {
  await withTwoWorkers(page, 'peer-late');
  await scanBoth(page, 'late rows', false);
  await helperReading(page);
  await call(page, 'cancelScan');
  const outcome = await scanEnd(page);
  expect(outcome.cancelled).toBe(true);
  // The outcome says a helper's row is still to come: the page waits for it and says so.
  expect(outcome.lateRows).toBe(true);
  const id = outcome.session.id;
  const late = await call<SessionSummary | null>(page, 'lateRows', id);
  expect(late).not.toBeNull();
  const [big] = await call<FileSummary[]>(page, 'listFiles', id);
  expect(big.status).toBe('cancelled');
  expect(big.source).toBe('ecs');
  expect(big.hosts.length).toBeGreaterThan(0);
  expect(big.records).toBeGreaterThan(0);
  expect(big.records).toBeLessThan(BIG);
  // Kept: the rows, the session and the store say the same count.
  const kept = await call<SessionSummary>(page, 'settleCancelled', id, true);
  const rows = await call<FileSummary[]>(page, 'listFiles', id);
  const hunt = await call<HuntResult>(page, 'hunt', id, 'any where true');
  expect(rows.reduce((n, f) => n + f.mapped, 0)).toBe(hunt.total);
  expect(kept.events).toBe(hunt.total);
  expect(late!.events).toBe(hunt.total);
});
