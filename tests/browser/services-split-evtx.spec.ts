import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { syntheticEvtx } from '../../bench/evtx-data.ts';
import { builtinRules } from '../../src/rules/index.ts';
import { importRules } from '../../src/rules/import/index.ts';
import { runnable } from '../../src/worker/app/rule-view.ts';
import { ruleLanguage } from '../../src/worker/app/services/context.ts';
import type { RunnableRule } from '../../src/worker/app/model.ts';
import type { AlertRow, ImportReport, SessionSummary } from '../../src/worker/app-api.ts';
import { call, openApp, putFile, scan } from '../services/browser-client.ts';
import { MemorySink, runScan, scanFile, scanRequest } from '../services/helpers.ts';

// Issue 12: a large raw .evtx dropped alone is read by the page's workers together, in ranges
// of whole chunks, and the page ends with the file row and alerts one reader gives (computed
// here in Node by the same pipeline, unsplit). SYNTHETIC data: bench/evtx-data.ts's 12 MiB
// writer-made Sysmon/Security log with two damaged chunks on the first ranges' edge.

const HEADER = 4096;
const CHUNK = 65536;

const RULES = `# Synthetic rules written for the split .evtx test (not Elastic rules).
[metadata]
creation_date = "2024/05/01"

[rule]
author = ["Sequent tests"]
description = "Whoami in a command shell (synthetic test rule)."
language = "eql"
name = "Test: whoami"
risk_score = 21
rule_id = "7e3c1a52-0000-4000-8000-5e9e0e7e5a01"
severity = "low"
type = "eql"
max_signals = 1000
query = '''
process where process.name : "cmd.exe" and process.command_line : "*whoami*"
'''
`;

const SEQUENCE = RULES.replace('5a01', '5a02')
  .replace('Test: whoami', 'Test: shell then WinRM')
  .replace(
    /query = '''[\s\S]*'''/,
    `query = '''
sequence by host.name with maxspan=10m [process where process.name : "powershell.exe"] [network where destination.port == 5985]
'''`,
  );

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sequent-split-page-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a large .evtx dropped alone is read by several workers, with one reader’s row and alerts', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const bytes = new Uint8Array(readFileSync(syntheticEvtx(12, dir)));
  // The last chunk of the first 4 MiB range and the first of the second: records CRC wrong.
  for (const c of [63, 64]) bytes[HEADER + c * CHUNK + 700] ^= 0xff;
  const path = join(dir, 'Big-Security.evtx');
  writeFileSync(path, bytes);
  const rulesPath = join(dir, 'rules.toml');
  writeFileSync(rulesPath, RULES);
  const sequencePath = join(dir, 'sequence.toml');
  writeFileSync(sequencePath, SEQUENCE);

  // One reader, here: the same rules the page will hold (its built-in ones and these).
  const report = importRules([
    { name: 'rules.toml', text: RULES },
    { name: 'sequence.toml', text: SEQUENCE },
  ]);
  const rules = [...builtinRules(), ...report.rules]
    .map((r) => runnable(r, ruleLanguage))
    .filter((r): r is RunnableRule => r !== null);
  expect(rules.length).toBe(4);
  const one = await runScan(scanRequest([await scanFile(path)], new MemorySink(), { rules }));

  await openApp(page);
  const workers = await page.evaluate(() => globalThis.__svc.workers.length);
  test.skip(workers < 2, 'one core: the page runs one worker');
  await putFile(page, 'rules', rulesPath);
  await putFile(page, 'sequence', sequencePath);
  const imported = (await page.evaluate(() =>
    globalThis.__svc.call('importRules', [
      [globalThis.__svc.files.rules, globalThis.__svc.files.sequence],
    ]),
  )) as ImportReport;
  expect(imported.imported.length).toBe(2);
  // The .evtx goes in as the File a drop gives (binary, not text).
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'split-evtx-input';
    document.body.append(input);
  });
  await page.locator('#split-evtx-input').setInputFiles(path);
  await page.evaluate(() => {
    const input = document.querySelector<HTMLInputElement>('#split-evtx-input')!;
    globalThis.__svc.files.evtx = input.files![0];
  });
  const session = await call<SessionSummary>(page, 'createSession', 'split evtx');
  const { outcome, progress } = await scan(page, session.id, 'evtx');

  // Alone, the file was still read by two workers: its ranges were spread.
  expect(outcome.readers).toBe(2);
  expect(progress.length).toBeGreaterThan(0);
  const row = (f: (typeof one.files)[number]) => {
    const { id: _id, sessionId: _s, ...rest } = f;
    return rest;
  };
  expect(row(outcome.files[0])).toEqual(row(one.files[0]));
  // The two chunks failing their CRC are read too, each record checked on its own.
  expect(one.files[0].evtx).toMatch(
    /^evtx: 193 chunks \(2 cut short or failing their checksums: their records were checked one by one\) and \d+ records read; /,
  );

  const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
  const key = (a: { ruleId: string; timestamp: number; endTimestamp: number; host: string }) =>
    `${a.ruleId} ${a.timestamp} ${a.endTimestamp} ${a.host}`;
  const byRule = (id: string) => one.alerts.filter((a) => a.ruleId.endsWith(id)).length;
  expect(byRule('5a01')).toBeGreaterThan(500);
  expect(byRule('5a02')).toBeGreaterThan(50);
  expect(alerts.length).toBe(one.alerts.length);
  expect(alerts.map(key).sort()).toEqual(one.alerts.map(key).sort());
});
