// The worker's resumeScan, called as the page calls it (real worker, real IndexedDB): after a
// cancel part way through a big file, resuming with that file reads it again into the same
// row, its partial events replaced, so the session ends exactly as one whole scan would; a
// file read whole is refused with the reason, and no row is added. Synthetic data.
import { expect, test } from '@playwright/test';
import { call, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture } from '../services/helpers.ts';
import { bigEvents, ndjson } from '../fixtures/ui/generate.ts';
import { tempFile } from '../fixtures/ui/app-helpers.ts';
import type {
  FileSummary,
  ScanOutcome,
  ScanProgress,
  SessionSummary,
} from '../../src/worker/app-api.ts';

const BIG = 60_000;

test('resume after a cancel: the cut file is read again into its row, nothing counts twice', async ({
  page,
}) => {
  await openApp(page);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  await putFile(page, 'big', tempFile('resume-big.ndjson', ndjson(bigEvents(BIG))));
  const session = await call<SessionSummary>(page, 'createSession', 'resume');
  await scan(page, session.id, 'pos');

  // Read whole already: refused, with the reason, and nothing added.
  await expect(call(page, 'resumeScan', session.id, { __files: ['pos'] })).rejects.toThrow(
    /Nothing to resume: winrm-positive\.ndjson: already read whole/,
  );
  expect(await call<FileSummary[]>(page, 'listFiles', session.id)).toHaveLength(1);

  // The big file cut short by a cancel once it has given events.
  await page.evaluate((sid) => {
    const svc = globalThis.__svc;
    svc.progress = [];
    (globalThis as unknown as { __scan: Promise<unknown> }).__scan = svc.call(
      'scanFiles',
      [sid, [svc.files.big]],
      true,
    );
  }, session.id);
  await expect
    .poll(() =>
      page.evaluate(
        () => (globalThis.__svc.progress.at(-1) as ScanProgress | undefined)?.events ?? 0,
      ),
    )
    .toBeGreaterThan(0);
  await call(page, 'cancelScan');
  const cut = (await page.evaluate(
    () => (globalThis as unknown as { __scan: Promise<unknown> }).__scan,
  )) as ScanOutcome;
  expect(cut.cancelled).toBe(true);
  expect(cut.session.alerts).toBe(2);
  const cutRow = cut.files[0];
  expect(cutRow.status).toBe('cancelled');

  const resumed = (await page.evaluate(
    (sid) => globalThis.__svc.call('resumeScan', [sid, [globalThis.__svc.files.big]], true),
    session.id,
  )) as ScanOutcome;
  expect(resumed.cancelled).toBe(false);
  expect(resumed.files.map((f) => [f.id, f.status, f.records])).toEqual([[cutRow.id, 'done', BIG]]);
  expect(resumed.notResumed).toEqual([]);
  expect(resumed.session).toMatchObject({ files: 2, events: 8 + BIG, alerts: 2 });
  expect(resumed.session.cancelled).toBeUndefined();
  const rows = await call<FileSummary[]>(page, 'listFiles', session.id);
  expect(rows.map((f) => f.status)).toEqual(['done', 'done']);
});
