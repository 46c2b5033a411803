import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { call, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture, sharedOrSkip } from '../services/helpers.ts';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';
import type {
  AlertDetail,
  AlertRow,
  FileSummary,
  RuleReport,
  SessionSummary,
} from '../../src/worker/app-api.ts';

const ELASTIC = '1cd01db9-be24-4bef-8e7c-e923f0ff78ab';
const SEQUENT = 'a3f6c2d8-5b1e-4c7a-9e20-53e9c0de7001';

test('scans a synthetic positive and the OTRF recording: alerts with both steps, OTRF silent and explained', async ({
  page,
}) => {
  const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
  test.skip(!otrf, 'the OTRF sample is not next to the repository');
  await openApp(page);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  await putFile(page, 'otrf', otrf!);
  const session = await call<SessionSummary>(page, 'createSession', 'scan test');
  const { outcome, progress } = await scan(page, session.id, 'pos', 'otrf');

  expect(outcome.cancelled).toBe(false);
  expect(outcome.files.map((f) => f.status)).toEqual(['done', 'done']);
  expect(outcome.alerts).toBe(2);
  // Two files and more than one core: the files are read by helper workers.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  if (cores > 1) expect(outcome.readers).toBeGreaterThan(1);
  expect(outcome.session).toMatchObject({ id: session.id, files: 2, alerts: 2, storage: 'full' });
  const sha = createHash('sha256')
    .update(readFileSync(fixture('winrm-positive.ndjson')))
    .digest('hex');
  expect(outcome.files[0].sha256).toBe(sha);
  expect(outcome.files[1].source).toBe('otrf-nxlog');

  expect(progress.length).toBeGreaterThan(1);
  // Progress comes through its own MessagePort, the outcome through the worker's: the last
  // progress message may land just after the outcome, so wait for it rather than race it.
  await expect
    .poll(() => page.evaluate(() => globalThis.__svc.progress.at(-1)))
    .toMatchObject({ phase: 'done', alerts: 2 });
  expect(progress.some((p) => p.phase === 'reading' && p.bytesRead > 0)).toBe(true);

  const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
  expect(alerts.map((a) => [a.ruleId, a.host]).sort()).toEqual(
    [
      [SEQUENT, 'srv1'],
      [ELASTIC, 'ws1'],
    ].sort(),
  );
  const elastic = alerts.find((a) => a.ruleId === ELASTIC)!;
  const detail = await call<AlertDetail>(page, 'getAlert', session.id, elastic.id);
  expect(detail.steps.map((s) => [s.stage, s.file, s.line, s.gapMs])).toEqual([
    [0, 'winrm-positive.ndjson', 2, null],
    [1, 'winrm-positive.ndjson', 4, 2500],
  ]);
  expect(detail.steps[1].explanation?.result).toBe(true);
  expect(detail.triage.status).toBe('open');

  const files = await call<FileSummary[]>(page, 'listFiles', session.id);
  expect(files.map((f) => f.name)).toEqual([
    'winrm-positive.ndjson',
    'empire_psremoting_stager.ndjson',
  ]);
  expect(files[1].hosts.join(' ')).toMatch(/WORKSTATION6/i);

  // The OTRF data alone: no alert, and the report says why.
  const only = await call<SessionSummary>(page, 'createSession', 'otrf only');
  const second = await scan(page, only.id, 'otrf');
  expect(second.outcome.alerts).toBe(0);
  // The scan's alerts come first; its reports wait for the near-miss counts taken after it
  // from the stored events, and say so until then. A report is either complete or waiting.
  const waiting = (await call<RuleReport[]>(page, 'ruleReports', only.id)).find(
    (r) => r.ruleId === ELASTIC,
  )!;
  if (waiting.counting) {
    expect(waiting.counting.unavailable).toBeUndefined();
    expect(waiting.stages.flatMap((s) => s.conjuncts)).toEqual([]);
  }
  expect(await call<boolean>(page, 'nearMissCounts', only.id)).toBe(true);
  const reports = await call<RuleReport[]>(page, 'ruleReports', only.id);
  const report = reports.find((r) => r.ruleId === ELASTIC)!;
  expect(reports.filter((r) => r.counting)).toEqual([]);
  expect(report.alerts).toBe(0);
  expect(report.missingFields.map((m) => m.reason).join('\n')).toMatch(
    /network\.protocol is never "http" in this data \(seen: /,
  );
  expect(report.nearMisses[0]).toBe('stage 1 never matched, stage 2 never');
});

test('alerts appear while the scan runs, and the final alerts replace them', async ({ page }) => {
  const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
  test.skip(!otrf, 'the OTRF sample is not next to the repository');
  await openApp(page);
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  await putFile(page, 'otrf', otrf!);
  // Copies of the OTRF export no longer did: they are known as duplicates by their hash, and
  // its one reading could end between two polls on a loaded machine. The big file is synthetic.
  await putFile(page, 'big', cachedBigNdjson(8 * 1024 * 1024).path);
  const session = await call<SessionSummary>(page, 'createSession', 'while scanning');
  // The positive first, then enough data that reading it outlasts a few polls.
  const seen = await page.evaluate(async (sid) => {
    const svc = globalThis.__svc;
    svc.progress = [];
    const { pos, otrf, big } = svc.files;
    let finished = false;
    const running = svc
      .call('scanFiles', [sid, [pos, otrf, big]], true)
      .finally(() => (finished = true));
    let during: {
      rows: { ruleId: string; host: string | null; id: string }[];
      phase: unknown;
      steps: number;
    } | null = null;
    while (!finished && !during) {
      const rows = (await svc.call('listAlerts', [sid])) as {
        ruleId: string;
        host: string;
        id: string;
      }[];
      const latest = svc.progress.at(-1) as { phase: string } | undefined;
      if (rows.length && !finished) {
        // A provisional row opens like any other (from memory while the scan runs).
        const first = (await svc.call('getAlert', [sid, rows[0].id])) as { steps: unknown[] };
        during = { rows, phase: latest?.phase, steps: first.steps.length };
      } else await new Promise((r) => setTimeout(r, 10));
    }
    const outcome = (await running) as { alerts: number; cancelled: boolean };
    const phases = (svc.progress as { phase: string; alerts: number }[]).map((p) => [
      p.phase,
      p.alerts,
    ]);
    return { during, outcome, phases };
  }, session.id);

  expect(seen.outcome).toMatchObject({ cancelled: false, alerts: 2 });
  expect(seen.during, 'listAlerts had rows before the scan finished').not.toBeNull();
  expect(seen.during!.phase).toBe('reading');
  expect(seen.during!.rows.map((a) => a.ruleId)).toContain(ELASTIC);
  expect(seen.during!.steps).toBe(2);
  expect(seen.phases.some(([phase, alerts]) => phase === 'reading' && Number(alerts) > 0)).toBe(
    true,
  );
  const final = await call<AlertRow[]>(page, 'listAlerts', session.id);
  expect(final.map((a) => [a.ruleId, a.host]).sort()).toEqual(
    [
      [SEQUENT, 'srv1'],
      [ELASTIC, 'ws1'],
    ].sort(),
  );
  // The provisional rows were the same alerts (ids are stable), now read from storage.
  const sessions = await call<SessionSummary[]>(page, 'listSessions');
  expect(sessions.find((s) => s.id === session.id)?.alerts).toBe(2);
  const detail = await call<AlertDetail>(page, 'getAlert', session.id, final[0].id);
  expect(detail.steps).toHaveLength(2);
});

test('a malformed file shows its error while the other files finish', async ({ page }) => {
  await openApp(page);
  await putFile(page, 'bad', fixture('malformed.ndjson'));
  await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
  const session = await call<SessionSummary>(page, 'createSession', 'malformed');
  const { outcome } = await scan(page, session.id, 'bad', 'pos');
  const [bad, good] = outcome.files;
  expect(bad.status === 'error' ? bad.error : bad.errors[0]?.message).toBeTruthy();
  expect(bad.mapped).toBe(0);
  expect(good.status).toBe('done');
  expect(outcome.alerts).toBe(2);
  const stored = await call<FileSummary[]>(page, 'listFiles', session.id);
  expect(stored[0].errors.length + (stored[0].error ? 1 : 0)).toBeGreaterThan(0);
});

test.describe('cancel', () => {
  // A timing test: on a machine whose cores are shared with other busy processes, the
  // worker may get to the cancel message late. A retry tells contention from a regression.
  test.describe.configure({ retries: 2 });

  test('cancel stops a running scan within a second', async ({ page }) => {
    const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    test.skip(!otrf, 'the OTRF sample is not next to the repository');
    await openApp(page);
    await putFile(page, 'otrf', otrf!);
    const session = await call<SessionSummary>(page, 'createSession', 'cancel');
    const result = await page.evaluate(async (sid) => {
      const svc = globalThis.__svc;
      svc.progress = [];
      // The sample twelve times over (its records repeat, so all but the first copy's are
      // dropped as already held, yet read): a scan of it lasts well beyond the first progress,
      // where the sample alone ends within ~100 ms on a quiet machine.
      const file = new File(
        Array.from({ length: 12 }, () => [svc.files.otrf, '\n']).flat(),
        'empire-x12.ndjson',
      );
      const running = svc.call('scanFiles', [sid, [file, file, file, file]], true);
      const waitUntil = performance.now() + 20_000;
      while (!svc.progress.some((p) => (p as { events: number }).events > 0)) {
        if (performance.now() > waitUntil)
          throw new Error(`no progress with events within 20 s: ${JSON.stringify(svc.progress)}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const cancelledAt = performance.now();
      await svc.call('cancelScan', []);
      const outcome = (await running) as { cancelled: boolean; files: { status: string }[] };
      return { stoppedMs: performance.now() - cancelledAt, outcome };
    }, session.id);
    expect(result.outcome.cancelled).toBe(true);
    expect(result.stoppedMs).toBeLessThan(1000);
    expect(result.outcome.files.map((f) => f.status)).toContain('cancelled');
    // No copy of the first file was read to the end: each is a duplicate (its bytes known by
    // then, not read) or cancelled (the cancel came first). Which one is timing; that copies
    // are told as duplicates is app-duplicates.spec.ts's.
    for (const f of result.outcome.files.slice(1))
      expect(['cancelled', 'duplicate']).toContain(f.status);
    // The worker is free again: a new scan runs.
    await putFile(page, 'pos', fixture('winrm-positive.ndjson'));
    const again = await call<SessionSummary>(page, 'createSession', 'after cancel');
    expect((await scan(page, again.id, 'pos')).outcome.alerts).toBe(2);
  });
});
