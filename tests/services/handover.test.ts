import { describe, expect, it } from 'vitest';
import { alertsToNdjson } from '../../src/worker/app/handover/alerts-ndjson.ts';
import { bulkLines, checkIndexName } from '../../src/worker/app/handover/bulk.ts';
import { escapeHtml } from '../../src/worker/app/handover/html-escape.ts';
import { htmlReport, REPORT_CSP } from '../../src/worker/app/handover/html-report.ts';
import { navigatorLayer } from '../../src/worker/app/handover/navigator.ts';
import type { RuleView, SessionSummary } from '../../src/worker/app-api.ts';
import { syntheticAlert } from './alert-fixture.ts';

const session: SessionSummary = {
  id: 's1',
  name: '<img src=x onerror=alert(1)> case',
  createdAt: 0,
  lastUsedAt: 0,
  files: 2,
  events: 10,
  alerts: 1,
  demo: false,
  storage: 'full',
};

describe('alerts as NDJSON', () => {
  it('writes one parseable alert per line with its evidence events', () => {
    const text = alertsToNdjson([syntheticAlert(), syntheticAlert({ id: 's1/2' })]);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].rule).toMatchObject({
      id: 'rule-1',
      name: 'Synthetic rule',
      severity: 'medium',
      risk_score: 47,
    });
    expect(lines[0].host).toBe('WS1');
    expect(lines[0].timestamp).toBe('2024-01-02T03:04:05.000Z');
    expect(
      lines[0].evidence.map((e: { file: string; line: number }) => `${e.file}:${e.line}`),
    ).toEqual(['a.ndjson:3', 'b.ndjson:7']);
    expect(lines[0].evidence[1].event.process.name).toBe('cmd.exe');
    expect(lines[1].id).toBe('s1/2');
  });
});

describe('Elasticsearch _bulk', () => {
  it('pairs an index action with every document and ends with a newline', () => {
    const text = bulkLines([{ a: 1 }, { 'host.name': 'x' }], 'sequent-case');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      { index: { _index: 'sequent-case' } },
      { a: 1 },
      { index: { _index: 'sequent-case' } },
      { 'host.name': 'x' },
    ]);
  });

  it('refuses index names Elasticsearch refuses', () => {
    expect(checkIndexName('sequent-case-1')).toBeNull();
    expect(checkIndexName('Upper')).toMatch(/lowercase/);
    expect(checkIndexName('a b')).toMatch(/character/);
    expect(checkIndexName('_x')).toMatch(/start/);
    expect(checkIndexName('')).toMatch(/empty/);
  });
});

describe('ATT&CK Navigator layer', () => {
  it('scores each technique by the alerts of the rules mapped to it', () => {
    const rule = {
      id: 'rule-1',
      name: 'Synthetic rule',
      tactics: [{ id: 'TA0008', name: 'Lateral Movement', reference: '' }],
      techniques: [
        {
          id: 'T1021',
          name: 'Remote Services',
          reference: '',
          subtechniques: [{ id: 'T1021.006', name: 'Windows Remote Management', reference: '' }],
        },
      ],
    } as unknown as RuleView;
    const layer = navigatorLayer(
      [syntheticAlert(), syntheticAlert({ id: 's1/2' }), syntheticAlert({ ruleId: 'unknown' })],
      new Map([['rule-1', rule]]),
      'case',
    );
    const parsed = JSON.parse(JSON.stringify(layer));
    expect(parsed.domain).toBe('enterprise-attack');
    expect(
      parsed.techniques.map((t: { techniqueID: string; score: number; tactic: string }) => [
        t.techniqueID,
        t.score,
        t.tactic,
      ]),
    ).toEqual([
      ['T1021', 2, 'lateral-movement'],
      ['T1021.006', 2, 'lateral-movement'],
    ]);
    expect(parsed.gradient.maxValue).toBe(2);
  });
});

describe('HTML report', () => {
  it('escapes every data string and shows invisible characters', () => {
    expect(escapeHtml('<script>"x"&\'y\'</script>')).toBe(
      '&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;',
    );
    expect(escapeHtml('evil\u202Eexe.txt')).toBe('evil⟨U+202E⟩exe.txt');
    expect(escapeHtml('a\u0000b\tc\nd')).toBe('a⟨U+0000⟩b\tc\nd');
  });

  it('carries no script, no external reference and a CSP that forbids both', () => {
    const hostile = syntheticAlert({
      host: '<script>fetch("http://evil")</script>',
      user: 'javascript:alert(1)',
      process: '"><img src=x onerror=alert(1)>',
      triage: {
        status: 'closed',
        reason: 'true_positive',
        notes: '</pre><script>alert(2)</script>',
        updatedAt: 1,
      },
    });
    hostile.steps[0].doc = {
      message: '<iframe src="http://evil"></iframe>',
      big: 'x'.repeat(10_000),
    };
    const html = htmlReport(session, [hostile], Date.UTC(2024, 0, 3));
    expect(html).toContain(`content="${REPORT_CSP}"`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<iframe/i);
    expect(html).not.toMatch(/<img/i);
    expect(html).not.toMatch(/(src|href)="(?!#)/i);
    expect(html).toContain('&lt;script&gt;fetch(&quot;http://evil&quot;)&lt;/script&gt;');
    expect(html).toContain('characters, cut');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; case');
  });
});
