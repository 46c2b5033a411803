// File names and rule names are untrusted too: a rule whose name, description, tags and
// technique names are attacks on the viewer, and a log whose file name is one, go through a
// scan and every hand-over (alerts as NDJSON, CSV, ATT&CK layer, HTML report; events as
// _bulk; rules as TOML and NDJSON; the session file) and come out as inert text: the JSON
// parses back to the same strings, no CSV cell starts a formula, and the HTML report, opened
// in a fresh browser, runs nothing, loads nothing and shows the names as written.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { blobOf, call, callBlob, openApp, putFile, scan } from '../services/browser-client.ts';
import { fixture, repoRoot } from '../services/helpers.ts';
import { parseCsv } from '../services/csv-reader.ts';
import type { AlertRow, ImportReport, RuleView, SessionSummary } from '../../src/worker/app-api.ts';

// Synthetic attacks: markup, a script, a formula, quotes and newlines that would end a TOML
// or CSV string, a right-to-left override.
const RULE_NAME = `<img src=x onerror="window.__pwned=11">=HYPERLINK("http://evil.example/","x") '''"\n]]`;
const FILE_NAME = `<svg onload="window.__pwned=12">=cmd|' /C calc'!A0\u202egol.ndjson`;
const DESCRIPTION = `</pre><script>window.__pwned=13</script><iframe src="http://evil.example/"></iframe>`;
const TAG = `+SUM(1,2)<style>body{background:url(http://evil.example/t.png)}</style>`;

function hostileRule(): string {
  const s = (v: string) => JSON.stringify(v);
  return `[metadata]
creation_date = "2024/05/01"
maturity = "development"
updated_date = "2024/05/01"

[rule]
author = [${s('@evil <b>x</b>')}]
description = ${s(DESCRIPTION)}
from = "now-9m"
index = ["logs-*"]
language = "eql"
license = "Elastic License v2"
name = ${s(RULE_NAME)}
risk_score = 99
rule_id = "7e3c1a52-0000-4000-8000-5e9e0e7e57ff"
severity = "critical"
tags = [${s(TAG)}]
type = "eql"
query = '''
process where event.type == "start" and process.parent.name : "winrshost.exe"
'''

[[rule.threat]]
framework = "MITRE ATT&CK"

[[rule.threat.technique]]
id = "T1059"
name = ${s('<a href="javascript:alert(14)">Command</a>')}
reference = "https://attack.mitre.org/techniques/T1059/"

[rule.threat.tactic]
id = "TA0002"
name = "Execution"
reference = "https://attack.mitre.org/tactics/TA0002/"
`;
}

test('hostile file and rule names stay inert text in every export and the HTML report', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await openApp(page);
  await page.evaluate(
    ([name, text]) => void (globalThis.__svc.files.rule = new File([text], name)),
    ['<b>rules</b>.toml', hostileRule()] as const,
  );
  const report = (await page.evaluate(() =>
    globalThis.__svc.call('importRules', [[globalThis.__svc.files.rule]]),
  )) as ImportReport;
  expect(report.failed).toEqual([]);
  expect(report.imported.map((r) => r.name)).toEqual([RULE_NAME]);

  await putFile(page, 'log', fixture('hostile-positive.ndjson'), FILE_NAME);
  const session = await call<SessionSummary>(page, 'createSession', FILE_NAME);
  const { outcome } = await scan(page, session.id, 'log');
  const alerts = await call<AlertRow[]>(page, 'listAlerts', session.id);
  const mine = alerts.filter((a) => a.ruleName === RULE_NAME);
  expect(mine.length, `alerts: ${JSON.stringify(outcome)}`).toBe(1);

  // NDJSON: parses, and the hostile strings come back exactly as written.
  const ndjson = await callBlob(page, 'exportAlerts', session.id, 'ndjson');
  const lines = ndjson.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { rule: { name: string }; evidence: Array<{ file?: string }> });
  const line = lines.find((l) => l.rule.name === RULE_NAME)!;
  expect(line).toBeDefined();
  expect(JSON.stringify(line)).toContain(JSON.stringify(FILE_NAME).slice(1, -1));

  // CSV: no cell starts a formula, whatever it holds.
  const csv = (await callBlob(page, 'exportAlerts', session.id, 'csv')).text;
  const cells = parseCsv(csv);
  expect(cells.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  expect(cells.flat()).toContain(`'${RULE_NAME}`.replace(/^'</, '<'));

  // ATT&CK layer and _bulk: valid JSON whatever the names.
  const layer = JSON.parse((await callBlob(page, 'exportAlerts', session.id, 'navigator')).text);
  expect(layer.techniques.length).toBeGreaterThan(0);
  const bulk = (await callBlob(page, 'exportEvents', session.id, 'hostile')).text
    .trimEnd()
    .split('\n');
  for (const l of bulk) JSON.parse(l);

  // Rules out and back in: the name survives NDJSON's quoting unchanged (TOML, which comes as
  // a zip of files here, in tests/rules/hostile-names.test.ts).
  for (const format of ['ndjson'] as const) {
    const text = (await callBlob(page, 'exportRules', format)).text;
    // Re-importing an unchanged rule leaves it as it is: remove it so the export is read back.
    await call(page, 'deleteRule', '7e3c1a52-0000-4000-8000-5e9e0e7e57ff');
    const back = await page.evaluate(
      async ([t, f]) => {
        const file = new File([t], `back.${f}`);
        return (await globalThis.__svc.call('importRules', [[file]])) as {
          imported: Array<{ name: string; id: string }>;
          failed: unknown[];
        };
      },
      [text, format] as const,
    );
    expect(back.failed, format).toEqual([]);
    expect(back.imported.find((r) => r.id === '7e3c1a52-0000-4000-8000-5e9e0e7e57ff')?.name).toBe(
      RULE_NAME,
    );
  }
  const rules = await call<RuleView[]>(page, 'listRules');
  expect(rules.find((r) => r.id === '7e3c1a52-0000-4000-8000-5e9e0e7e57ff')?.description).toBe(
    DESCRIPTION,
  );

  // The session file, out and into a fresh session: same names.
  const sessionFile = await callBlob(page, 'exportSession', session.id);
  const imported = await call<SessionSummary>(page, 'importSession', blobOf(sessionFile.text));
  // The original session is still there, so the copy says it was imported.
  expect(imported.name).toBe(`${FILE_NAME} (imported)`);
  const again = await call<AlertRow[]>(page, 'listAlerts', imported.id);
  expect(again.filter((a) => a.ruleName === RULE_NAME)).toHaveLength(1);

  // The HTML report in a browser of its own: nothing runs, nothing loads, names read as written.
  const html = (await callBlob(page, 'exportAlerts', session.id, 'html')).text;
  const dir = join(repoRoot, 'test-results', 'services');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'hostile-names-report.html');
  writeFileSync(file, html);
  const context = await browser.newContext();
  const viewer = await context.newPage();
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await viewer.goto(pathToFileURL(file).href);
  await viewer.waitForTimeout(300);
  expect(requests).toEqual([pathToFileURL(file).href]);
  expect(await viewer.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(
    await viewer.evaluate(
      () =>
        document.querySelectorAll(
          'script,img,svg,iframe,style:not(head style),link,object,embed,a[href^="javascript"]',
        ).length,
    ),
  ).toBe(0);
  const text = await viewer.evaluate(() => document.body.innerText);
  expect(text).toContain(RULE_NAME.split('\n')[0]);
  expect(text).toContain('<svg onload="window.__pwned=12">');
  await context.close();
});
