// Issue 13: the page's scan leaves each alert's explanation ("why it matched") for when the
// alert is opened. Built then, from the alert as stored, it must be what the scan would have
// built: every alert of Elastic's Windows rules (all of the folder's rule types, some reading
// another timestamp field) and of the fixtures' rules (one of them KQL), over synthetic
// telemetry with planted attacks and the WinRM positive, scanned both ways.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTelemetry } from '../../src/demo/index.ts';
import { importRules, isRuleFileName } from '../../src/rules/index.ts';
import { Explainer } from '../../src/worker/app/explain-later.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { AlertBody, RunnableRule } from '../../src/worker/app/model.ts';
import { compileOptionsOf, runnable } from '../../src/worker/app/rule-view.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest, sharedOrSkip } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sequent-explain-later-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ruleFiles(folder: string) {
  const names = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter(isRuleFileName);
  return names.map((n) => ({ name: join(folder, n), text: readFileSync(join(folder, n), 'utf8') }));
}

/** Elastic's Windows rules and the fixtures' imported ones (one of them KQL), all switched on. */
function rulesOf(folder: string): RunnableRule[] {
  const fixtures = ['rules/winrm-cmd-child.toml', 'rules/kibana-export.ndjson'].map((name) => ({
    name,
    text: readFileSync(fixture(name), 'utf8'),
  }));
  return importRules([...ruleFiles(folder), ...fixtures])
    .rules.map((r) => runnable({ ...r, enabled: true }, (x) => eqlLanguage(compileOptionsOf(x))))
    .filter((r): r is RunnableRule => r !== null);
}

async function scanBothWays(rules: RunnableRule[]) {
  const path = join(dir, 'telemetry.ndjson');
  const lines = generateTelemetry({
    events: 3000,
    hosts: 4,
    seed: 'explain-later',
    planted: 2,
    plantedSysmon: 1,
    plantedSecurity: 1,
    start: '2024-05-01T00:00:00Z',
  });
  writeFileSync(path, [...lines].map((d) => JSON.stringify(d)).join('\n') + '\n');
  const files = async () => [
    await scanFile(path),
    await scanFile(fixture('winrm-positive.ndjson')),
  ];
  const now = new MemorySink();
  const later = new MemorySink();
  const request = { rules, nearMissAfter: false };
  await runScan(scanRequest(await files(), now, { ...request, language: eqlLanguage() }));
  await runScan(scanRequest(await files(), later, request));
  // The sink keeps structured clones: the alerts as IndexedDB stores them.
  return { now: now.alerts, later: later.alerts };
}

describe('explanations built when an alert is opened', () => {
  const folder = sharedOrSkip('detection-rules/rules/windows');

  it.skipIf(!folder)(
    'are those the scan built, for every alert of the Windows rules',
    async () => {
      const rules = rulesOf(folder!);
      expect(rules.length).toBeGreaterThan(300);
      const { now, later } = await scanBothWays(rules);
      expect(later.length).toBe(now.length);
      expect(new Set(later.map((a) => a.ruleId)).size).toBeGreaterThan(5);
      expect(new Set(later.map((a) => a.kind))).toEqual(new Set(['event', 'sequence']));

      // Stored without explanations, with how the query was compiled: a rule's language and
      // overrides included (KQL rules, and rules reading another timestamp field).
      for (const a of later) {
        expect(a.compiledWith).toBeDefined();
        for (const s of a.steps) expect(s).not.toHaveProperty('explanation');
      }
      const options = later.map((a) => a.compiledWith!);
      expect(options.some((o) => o.queryLanguage === 'kuery')).toBe(true);
      expect(options.some((o) => o.timestampField)).toBe(true);
      for (const a of now) expect(a).not.toHaveProperty('compiledWith');

      const explainer = new Explainer();
      const byId = new Map(now.map((a) => [a.id, a]));
      let explained = 0;
      for (const a of later) {
        const opened = explainer.explained(a);
        expect(opened).toEqual(byId.get(a.id));
        explained += opened.steps.filter((s) => s.explanation).length;
      }
      expect(explained).toBeGreaterThan(later.length - 1);
      expect(explainer.built).toBe(later.length);
    },
    120_000,
  );
});

describe('Explainer', () => {
  const rule = runnable(
    {
      ...importRules([
        {
          name: 'r.ndjson',
          text: JSON.stringify({
            rule_id: 'seq',
            name: 'Seq',
            type: 'eql',
            language: 'eql',
            query:
              'sequence by host.name with maxspan=1m [process where process.name == "a.exe"] ![process where process.name == "c.exe"] [process where process.name : "b*"]',
            severity: 'high',
            risk_score: 50,
          }),
        },
      ]).rules[0],
      enabled: true,
    },
    (x) => eqlLanguage(compileOptionsOf(x)),
  )!;
  const doc = (name: string) => ({
    '@timestamp': '2024-05-01T00:00:00Z',
    event: { category: ['process'] },
    host: { name: 'h' },
    process: { name },
  });
  const step = (stage: number, d: ReturnType<typeof doc> | null) => ({
    stage,
    stageText: rule.query.stages[stage].text,
    missing: d === null,
    timestamp: null,
    gapMs: null,
    joinKeys: [],
    doc: d,
    raw: null,
    file: null,
    line: null,
  });
  const body: AlertBody = {
    id: 'alert-1',
    identity: 'seq|x',
    sessionId: 's',
    ruleId: 'seq',
    ruleName: 'Seq',
    severity: 'high',
    riskScore: 50,
    timestamp: 0,
    endTimestamp: 0,
    host: 'h',
    user: '',
    process: '',
    kind: 'sequence',
    query: rule.query.source,
    joinKeys: ['h'],
    steps: [step(0, doc('a.exe')), step(1, null), step(2, doc('b.exe'))],
    compiledWith: rule.compiledWith,
  };

  it('explains each step by its own stage, a missing one by nothing', () => {
    const opened = new Explainer().explained(structuredClone(body));
    expect(opened).not.toHaveProperty('compiledWith');
    expect(opened.steps.map((s) => s.explanation?.result ?? null)).toEqual([true, null, true]);
    expect(opened.steps[2].explanation!.fields).toEqual([{ path: 'process.name', value: 'b.exe' }]);
  });

  it('builds an alert once, again only for another query, and leaves explained ones alone', () => {
    const explainer = new Explainer();
    const first = explainer.explained(structuredClone(body));
    expect(explainer.explained(structuredClone(body))).toEqual(first);
    expect(explainer.built).toBe(1);
    // The rule edited and run again: the same events, the same id, another query.
    const edited = {
      ...structuredClone(body),
      query: body.query.replace('"b*"', '"x*"'),
    };
    expect(explainer.explained(edited).steps[2].explanation?.result).toBe(false);
    expect(explainer.built).toBe(2);
    // An alert stored with its explanations (before they waited, or a hunt's) is as it was.
    expect(explainer.explained(first)).toBe(first);
    expect(explainer.built).toBe(2);
  });

  it('says nothing rather than fail when the query no longer compiles', () => {
    const broken = { ...structuredClone(body), query: 'sequence by [' };
    const opened = new Explainer().explained(broken);
    expect(opened.steps.map((s) => s.explanation)).toEqual([null, null, null]);
  });
});
