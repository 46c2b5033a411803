// The specification's own schema test documents (rules, correlations, filters) import, and
// Sigma filters AND their condition into the rules they name, as pySigma applies them.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/eql/index.ts';
import { convertSigma } from '../../../src/rules/sigma/index.ts';
import { haveShared, shared } from '../../ingest/helpers.ts';
import { matching, sigmaRule } from './helpers.ts';

const SCHEMA = 'sigma/specification/tests/schema';
const read = (rel: string) => ({
  name: rel,
  text: readFileSync(shared(`${SCHEMA}/${rel}`), 'utf8'),
});

// Synthetic rules the schema's correlations and filters refer to (by id or name).
const REFERENCED = {
  name: 'synthetic-referenced.yml',
  text: [
    '5638f7c0-ac70-491d-8465-2a65075e0d86',
    '6f3e2987-db24-4c78-a860-b4f4095a7095',
    'recon_cmd_a',
    'recon_cmd_b',
    'recon_cmd_c',
  ]
    .map((ref, i) =>
      [
        `title: Synthetic ${ref}`,
        ref.includes('-')
          ? `id: ${ref}`
          : `id: 22222222-0000-4000-8000-00000000000${i}\nname: ${ref}`,
        'logsource: { product: windows, category: process_creation }',
        `detection: { sel: { CommandLine|contains: 'x${i}' }, condition: sel }`,
      ].join('\n'),
    )
    .join('\n---\n'),
};

describe.runIf(haveShared(SCHEMA))("the specification's schema test documents", () => {
  it('rules convert, with metadata carried over', () => {
    const [a, b] = convertSigma([read('rules/rule_1.yml'), read('rules/rule_ecs.yml')]);
    expect(a).toMatchObject({
      status: 'converted',
      rule: {
        id: '545a5da6-f103-4919-a519-e9aec1026ee4',
        name: 'A Title',
        severity: 'high',
        author: ['SomeOne'],
        references: ['https://123.456', 'https://789.963'],
        false_positives: ['a string'],
      },
    });
    if (a.status !== 'converted') return;
    expect(a.rule.threat.map((t) => t.tactic.id)).toEqual(['TA0005']);
    expect(
      a.rule.threat[0].technique?.map((t) => [t.id, t.subtechnique?.map((s) => s.id)]),
    ).toEqual([
      ['T1211', undefined],
      ['T1562', ['T1562.001']],
    ]);
    expect(a.rule.query).toBe(
      'any where winlog.channel == "Application" and winlog.provider_name : "Application Error"',
    );
    expect(b).toMatchObject({
      status: 'converted',
      rule: { query: expect.stringContaining('dns.question.name : "sigmahq"') },
    });
  });

  it('correlations convert, or say why they cannot run', () => {
    const files = [
      'event_count',
      'event_count_ecs',
      'temporal',
      'temporal_ordered',
      'value_count',
      'value_avg',
      'value_sum',
      'value_percentile',
    ];
    const out = convertSigma([
      REFERENCED,
      ...files.map((f) => read(`correlation/${f}.yml`)),
    ]).filter((o) => o.file.startsWith('correlation/'));
    const summary = out.map((o) => [
      o.file.slice(12),
      o.status,
      o.status === 'cannot-run' ? o.construct : o.status === 'converted' ? o.rule.type : '',
    ]);
    expect(summary).toEqual([
      ['event_count.yml', 'converted', 'threshold'],
      ['event_count_ecs.yml', 'converted', 'threshold'],
      ...Array.from({ length: 6 }, () => ['temporal.yml', 'converted', 'eql']),
      ['temporal_ordered.yml', 'converted', 'eql'],
      ['value_count.yml', 'converted', 'threshold'],
      ['value_avg.yml', 'cannot-run', 'correlation.rules'],
      ['value_sum.yml', 'cannot-run', 'correlation.rules'],
      ['value_percentile.yml', 'cannot-run', 'correlation.rules'],
    ]);
  });

  it('value_sum, value_avg and value_percentile cannot run even with their rules present', () => {
    const rule = (name: string) =>
      `title: ${name}\nname: ${name}\nlogsource: { product: windows }\ndetection: { s: { A: 1 }, condition: s }`;
    const out = convertSigma([
      {
        name: 'refs.yml',
        text: ['rule_a_id', 'website_access', 'process_creation'].map(rule).join('\n---\n'),
      },
      read('correlation/value_avg.yml'),
      read('correlation/value_sum.yml'),
      read('correlation/value_percentile.yml'),
    ]).filter((o) => o.file.startsWith('correlation/'));
    expect(out.map((o) => o.status === 'cannot-run' && o.construct)).toEqual([
      'correlation.value_avg',
      'correlation.value_sum',
      'correlation.value_percentile',
    ]);
  });

  it('filters apply to the rules they name', () => {
    const out = convertSigma([
      REFERENCED,
      read('filter/filter_1.yml'),
      read('filter/filter_ecs.yml'),
    ]);
    const filters = out.filter((o) => o.status === 'filter');
    expect(filters.map((f) => f.status === 'filter' && [f.file, f.appliedTo])).toEqual([
      ['filter/filter_1.yml', ['6f3e2987-db24-4c78-a860-b4f4095a7095']],
      // Its logsource (network/dns) is not the named rules' (process_creation).
      ['filter/filter_ecs.yml', []],
    ]);
    const target = out.find(
      (o) => o.status === 'converted' && o.rule.id === '6f3e2987-db24-4c78-a860-b4f4095a7095',
    );
    expect(target?.status === 'converted' && target.rule.sigma?.filters).toEqual([
      'Filter Administrator account',
    ]);
  });
});

describe('Sigma filters', () => {
  const rule = sigmaRule(
    "sel:\n  Image|endswith: '\\rar.exe'\ncondition: sel",
    'product: windows\ncategory: process_creation',
  );
  const filter = (condition: string) => `title: Exclude admins
logsource: { product: windows, category: process_creation }
filter:
  rules: ['00000000-0000-4000-8000-000000000001']
  selection:
    User|startswith: 'adm_'
  condition: ${condition}
`;
  const events = ['adm_bob', 'bob'].map((user) => ({
    event: { category: ['process'] },
    winlog: {
      channel: 'Microsoft-Windows-Sysmon/Operational',
      event_id: '1',
      event_data: { User: user },
    },
    process: { executable: 'C:\\Program Files\\WinRAR\\rar.exe' },
  }));

  it('exclude with `condition: not selection`', () => {
    const out = convertSigma([
      { name: 'rule.yml', text: rule },
      { name: 'mf_admins.yml', text: filter('not selection') },
    ]);
    const converted = out.find((o) => o.status === 'converted');
    expect(converted?.status === 'converted' && converted.rule.sigma?.filters).toEqual([
      'Exclude admins',
    ]);
    expect(matching(rule, events)).toEqual([0, 1]);
    const filtered = compile(converted?.status === 'converted' ? converted.rule.query! : '');
    expect(filtered.stages[0].category).toBe('process');
    expect(events.map((e) => filtered.stages[0].test(e))).toEqual([false, true]);
  });
});
