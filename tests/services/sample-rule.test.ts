// A rule's max_samples_per_key reaches the app's scan: imported (kept among the fields
// Sequent does not model), carried by the runnable rule, honoured by the correlation.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importRules } from '../../src/rules/index.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import { runnable } from '../../src/worker/app/rule-view.ts';
import { MemorySink, runScan, scanFile, scanRequest } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sequent-samples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Synthetic: on win10 three alert_1 events and one alert_2.
const events = join(dir, 'alerts.ndjson');
writeFileSync(
  events,
  [1, 2, 3, 4]
    .map((id) =>
      JSON.stringify({
        '@timestamp': `2024-01-01T00:00:0${id}Z`,
        id,
        event: { category: [id === 3 ? 'alert_2' : 'alert_1'] },
        host: { os: { name: 'win10' } },
      }),
    )
    .join('\n'),
);

function ruleText(extra: Record<string, unknown>) {
  return JSON.stringify({
    rule_id: 'samples',
    name: 'Samples',
    type: 'eql',
    language: 'eql',
    query: 'sample by host.os.name [alert_1 where true] [alert_2 where true]',
    severity: 'low',
    risk_score: 21,
    ...extra,
  });
}

async function sampleIds(extra: Record<string, unknown>): Promise<unknown[][]> {
  const [rule] = importRules([{ name: 'r.ndjson', text: ruleText(extra) }]).rules;
  const runnableRule = runnable(rule, () => eqlLanguage())!;
  const result = await runScan(
    scanRequest([await scanFile(events)], new MemorySink(), { rules: [runnableRule] }),
  );
  return result.alerts.map((a) => a.steps.map((s) => s.doc?.id));
}

describe("a rule's max_samples_per_key in the app", () => {
  it('gives one sample per key by default and as many as the rule asks otherwise', async () => {
    expect(await sampleIds({})).toEqual([[1, 3]]);
    expect((await sampleIds({ max_samples_per_key: 2 })).sort()).toEqual([
      [1, 3],
      [2, 3],
    ]);
  });
});
