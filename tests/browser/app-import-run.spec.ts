import { expect, test, type Page } from '@playwright/test';
import { openApp, scan, showView, tempFile } from '../fixtures/ui/app-helpers.ts';

// Issue 14: after an import, only the new and updated rules run on the open session, with
// progress (percentage, rules and events counted, cancellable) while the page stays
// responsive; the alerts of rules the import left unchanged stay as they are (not doubled,
// their triage kept). Events and rules are synthetic, written here.

const FILLER = 40_000;
const at = (s: number) => new Date(Date.parse('2024-05-01T10:00:00Z') + s * 1000).toISOString();

function events(): string {
  const lines: string[] = [];
  const proc = (i: number, name: string) =>
    JSON.stringify({
      '@timestamp': at(i),
      event: { category: ['process'], type: ['start'], code: '1' },
      host: { id: 'synthetic-host', name: 'ws1' },
      process: { name, pid: i, command_line: `${name} --synthetic ${i}` },
    });
  for (let i = 0; i < FILLER; i++) lines.push(proc(i, 'filler.exe'));
  for (const i of [1, 2, 3]) lines.push(proc(FILLER + i, 'alpha.exe'));
  for (const i of [4, 5]) lines.push(proc(FILLER + i, 'beta.exe'));
  return lines.join('\n');
}

const ALPHA = 'Synthetic import-run: alpha';
const BETA = 'Synthetic import-run: beta';

function rule(id: string, name: string, version: number, extra: Record<string, unknown>) {
  return JSON.stringify({
    rule_id: id,
    name,
    description: 'Synthetic rule for the import-run browser test.',
    severity: 'low',
    risk_score: 21,
    from: 'now-9m',
    max_signals: 100,
    enabled: true,
    version,
    author: ['Sequent tests'],
    threat: [],
    tags: [],
    ...extra,
  });
}
const alpha = (version: number, query: string) =>
  rule('5e9e0e7e-0000-4000-8000-00000000a1fa', ALPHA, version, {
    type: 'eql',
    language: 'eql',
    query,
  });
const beta = rule('5e9e0e7e-0000-4000-8000-00000000be7a', BETA, 1, {
  type: 'query',
  language: 'kuery',
  query: 'process.name : "beta.exe"',
});
const ALPHA_V1 = alpha(1, 'process where process.name == "alpha.exe"');
const ALPHA_V2 = alpha(2, 'process where process.name in ("alpha.exe", "beta.exe")');

/** Every text the run's status line shows, and the longest the page's main thread stalled. */
async function watch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { runTexts: string[]; worstGapMs: number };
    w.runTexts = [];
    w.worstGapMs = 0;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="rule-run-status"]')?.textContent;
      if (text && w.runTexts.at(-1) !== text) w.runTexts.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.worstGapMs = Math.max(w.worstGapMs, now - last);
      last = now;
    }, 20);
  });
}
const watched = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { runTexts: string[]; worstGapMs: number };
    return { texts: [...w.runTexts], worstGapMs: w.worstGapMs };
  });

async function importRules(page: Page, name: string, lines: string[]) {
  await page.getByTestId('rules-file-input').setInputFiles(tempFile(name, lines.join('\n')));
}

const rows = (page: Page, name: string) => page.getByTestId('alert-row').filter({ hasText: name });

test('an import runs only its new and updated rules, with progress; other alerts stay', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await openApp(page);
  await scan(page, [tempFile('import-run-synthetic.ndjson', events())], 120_000);

  await showView(page, 'Rules');
  await watch(page);
  await importRules(page, 'alpha-v1.ndjson', [ALPHA_V1]);
  const diff = page.getByTestId('rerun-diff');
  await expect(diff).toContainText('Ran 1 rule: 3 new, 0 gone, 0 unchanged', { timeout: 60_000 });
  // The status line counted the session's events as the rule read them.
  const first = await watched(page);
  const total = (FILLER + 5).toLocaleString('en-US');
  expect(first.texts.some((t) => /1 rule, [\d,]+ of [\d,]+ events, \d+%/.test(t))).toBe(true);
  expect(first.texts.some((t) => t.includes(`of ${total} events`))).toBe(true);
  expect(first.worstGapMs).toBeLessThan(1_000);

  // Triage one alpha alert; the next import must leave it, and alpha's count, as they are.
  await showView(page, 'Alerts');
  await expect(rows(page, ALPHA)).toHaveCount(3);
  await rows(page, ALPHA).first().click();
  const detail = page.getByTestId('alert-detail');
  await detail.getByTestId('triage-closed').click();
  await expect(detail.getByTestId('triage-closed')).toHaveAttribute('aria-checked', 'true');

  // Alpha unchanged (same version) and beta new: only beta runs.
  await showView(page, 'Rules');
  await importRules(page, 'alpha-v1-beta.ndjson', [ALPHA_V1, beta]);
  await expect(page.getByTestId('import-summary')).toContainText('1 unchanged');
  await expect(diff).toContainText('Ran 1 rule: 2 new, 0 gone, 0 unchanged', { timeout: 60_000 });
  await showView(page, 'Alerts');
  await expect(rows(page, ALPHA)).toHaveCount(3);
  await expect(rows(page, BETA)).toHaveCount(2);

  // Alpha updated (version 2, wider query): alpha runs again, beta's alerts stay.
  await showView(page, 'Rules');
  await importRules(page, 'alpha-v2.ndjson', [ALPHA_V2]);
  await expect(page.getByTestId('import-summary')).toContainText('1 updated');
  await expect(diff).toContainText('Ran 1 rule: 2 new, 0 gone, 3 unchanged', { timeout: 60_000 });
  await showView(page, 'Alerts');
  await expect(rows(page, ALPHA)).toHaveCount(5);
  await expect(rows(page, BETA)).toHaveCount(2);
  // The triaged alert is one of the three found again: its triage stayed with it.
  await rows(page, ALPHA).first().click();
  await expect(detail.getByTestId('triage-closed')).toHaveAttribute('aria-checked', 'true');

  // A run can be cancelled: nothing changes.
  await showView(page, 'Rules');
  // Cancel is clicked in the page as soon as it shows: from the runner, a loaded machine's
  // round trips let the run end first (the button gone, the click left waiting for good).
  await page.evaluate(async () => {
    const cancel = () => document.querySelector<HTMLElement>('[data-testid="rule-run-cancel"]');
    document.querySelector<HTMLElement>('[data-testid="rerun"]')?.click();
    const shown =
      cancel() ??
      (await new Promise<HTMLElement>((resolve) => {
        const watch = new MutationObserver(() => {
          const button = cancel();
          if (!button) return;
          watch.disconnect();
          resolve(button);
        });
        watch.observe(document.body, { childList: true, subtree: true });
      }));
    shown.click();
  });
  await expect(diff).toContainText('Cancelled', { timeout: 60_000 });
  await showView(page, 'Alerts');
  await expect(rows(page, ALPHA)).toHaveCount(5);
  await expect(rows(page, BETA)).toHaveCount(2);
});
