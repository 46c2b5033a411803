import { expect, test } from '@playwright/test';
import { call, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture } from '../services/helpers.ts';
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
