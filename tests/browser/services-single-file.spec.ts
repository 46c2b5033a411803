import { expect, test } from '@playwright/test';
import { call, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture, sharedOrSkip } from '../services/helpers.ts';
import { singleFileUrl } from './support.ts';
import type {
  AlertDetail,
  AlertRow,
  HuntResult,
  SessionSummary,
} from '../../src/worker/app-api.ts';

// The single file opened from disk (file://): inline iife worker, IndexedDB of a file page.
test('single file: scan, triage, reload, and hunt on the stored events', async ({ page }) => {
  const url = singleFileUrl();
  await openApp(page, url);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  const session = await call<SessionSummary>(page, 'createSession', 'single file');
  const { outcome } = await scan(page, session.id, 'pos');
  expect(outcome).toMatchObject({ cancelled: false, alerts: 2 });
  const [first] = await call<AlertRow[]>(page, 'listAlerts', session.id);
  await call(page, 'setTriage', session.id, first.id, {
    status: 'acknowledged',
    notes: 'from file://',
  });

  await page.reload();
  await openApp(page, url);
  const detail = await call<AlertDetail>(page, 'getAlert', session.id, first.id);
  expect(detail.triage).toMatchObject({ status: 'acknowledged', notes: 'from file://' });
  const hunt = await call<HuntResult>(
    page,
    'hunt',
    session.id,
    'network where destination.port in (5985, 5986)',
  );
  expect(hunt.total).toBe(3);
});

// From file:// a worker cannot start workers of its own; the page links its pool's workers,
// so the files are still read side by side, and the result equals a scan over http.
test('single file: a scan of several files is spread over the page’s workers', async ({ page }) => {
  const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
  test.skip(!otrf, 'the OTRF sample is not next to the repository');
  await openApp(page, singleFileUrl());
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  test.skip(cores < 2, 'one core: the page runs one worker');
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  await putFile(page, 'otrf', otrf!);
  const session = await call<SessionSummary>(page, 'createSession', 'spread from file');
  const { outcome } = await scan(page, session.id, 'otrf', 'pos');
  expect(outcome.readers).toBeGreaterThan(1);
  expect(outcome.files.map((f) => [f.status, f.records > 0, f.sha256 !== null])).toEqual([
    ['done', true, true],
    ['done', true, true],
  ]);
  expect(outcome.alerts).toBe(2);
  // Each worker stored the records it read: hunting sees every record of both files once.
  const hunt = await call<HuntResult>(page, 'hunt', session.id, 'any where true');
  expect(hunt.total).toBe(outcome.files.reduce((n, f) => n + f.records, 0));
});
