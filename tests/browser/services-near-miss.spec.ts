// A large rule set's "why silent" counts are taken after the scan, from the stored events. Until then its
// stored reports say they are coming and hold no count; a reload that cuts the counting off
// loses nothing: the reports still wait, and the counts are taken again from the stored
// events, the same as a run of the rules counts while it matches.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { importRules, isRuleFileName, rulesToKibanaNdjson } from '../../src/rules/index.ts';
import type {
  ImportReport,
  RerunDiff,
  RuleReport,
  SessionSummary,
} from '../../src/worker/app-api.ts';
import { cachedBigNdjson } from '../fixtures/ui/big-file.ts';
import { call, files, openApp, putFile } from '../services/browser-client.ts';
import { sharedOrSkip } from '../services/helpers.ts';

const byRule = (list: RuleReport[]) =>
  Object.fromEntries(list.map(({ hiddenByExceptions: _h, ...r }) => [r.ruleId, r]));

test('near-miss counts wait behind a later scan, survive a reload and equal a re-run', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
  const folder = sharedOrSkip('detection-rules/rules/windows');
  test.skip(!otrf || !folder, 'the OTRF sample or detection-rules is not next to the repository');
  await openApp(page);
  // A large rule set (Elastic's Windows EQL rules): its counts are taken after the scan.
  const names = readdirSync(folder!, { recursive: true, encoding: 'utf8' }).filter(isRuleFileName);
  const rules = importRules(
    names.map((n) => ({ name: n, text: readFileSync(join(folder!, n), 'utf8') })),
  ).rules.filter((r) => r.type === 'eql');
  const dir = mkdtempSync(join(tmpdir(), 'sequent-near-miss-'));
  const ruleFile = join(dir, 'windows-eql.ndjson');
  writeFileSync(ruleFile, rulesToKibanaNdjson(rules.map((r) => ({ ...r, enabled: true }))));
  await putFile(page, 'rules', ruleFile);
  rmSync(dir, { recursive: true, force: true });
  const report = await call<ImportReport>(page, 'importRules', files('rules'));
  expect(report.imported.length).toBeGreaterThan(300);
  await putFile(page, 'otrf', otrf!);
  await putFile(page, 'big', cachedBigNdjson(8 * 1024 * 1024).path);
  const first = await call<SessionSummary>(page, 'createSession', 'counted later');
  const second = await call<SessionSummary>(page, 'createSession', 'scanned after');

  // The second scan is asked for before the first ends: counts start only once it has ended.
  await page.evaluate(
    async ([a, b]) => {
      const svc = globalThis.__svc;
      const one = svc.call('scanFiles', [a, [svc.files.otrf]]);
      (globalThis as { later?: Promise<unknown> }).later = svc
        .call('scanFiles', [b, [svc.files.big]])
        .catch(() => undefined);
      await one;
    },
    [first.id, second.id] as const,
  );
  const waiting = await call<RuleReport[]>(page, 'ruleReports', first.id);
  const pending = waiting.filter((r) => r.counting);
  expect(pending.length).toBeGreaterThan(0);
  for (const r of pending) {
    expect(r.counting!.unavailable).toBeUndefined();
    expect(r.stages.flatMap((s) => s.conjuncts)).toEqual([]);
  }

  // A reload while the second scan runs: the first session's counts never ran in that page.
  await page.reload();
  await openApp(page);
  expect(await call<boolean>(page, 'nearMissCounts', first.id)).toBe(true);
  const counted = await call<RuleReport[]>(page, 'ruleReports', first.id);
  expect(counted.filter((r) => r.counting)).toEqual([]);
  expect(counted.flatMap((r) => r.nearMisses).join('\n')).toContain('never held');

  const rerun = await call<RerunDiff>(page, 'rerunRules', first.id);
  expect(rerun.added).toEqual([]);
  expect(rerun.removed).toEqual([]);
  expect(byRule(counted)).toEqual(byRule(await call<RuleReport[]>(page, 'ruleReports', first.id)));
});
