// Sigma correlation rules (specification: correlation document) on synthetic rules and
// events: temporal_ordered runs as an EQL sequence on the real engine, temporal as one
// sequence per order, event_count / value_count as threshold rules.
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../../src/eql/compiled.ts';
import { compile } from '../../../src/eql/index.ts';
import { runQueries } from '../../../src/engine/index.ts';
import type { Rule } from '../../../src/rules/model.ts';
import { convertSigma, type SigmaOutcome } from '../../../src/rules/sigma/index.ts';

// Synthetic: three recon rules on Security 4688-style command lines, and a failed logon rule.
const RULES = `
title: Recon whoami
id: 11111111-0000-4000-8000-000000000001
name: recon_cmd_a
logsource: { product: windows, service: security }
detection:
  sel: { EventID: 4688, CommandLine|contains: whoami }
  condition: sel
---
title: Recon net
id: 11111111-0000-4000-8000-000000000002
name: recon_cmd_b
logsource: { product: windows, service: security }
detection:
  sel: { EventID: 4688, CommandLine|contains: 'net user' }
  condition: sel
---
title: Recon ipconfig
id: 11111111-0000-4000-8000-000000000003
name: recon_cmd_c
logsource: { product: windows, service: security }
detection:
  sel: { EventID: 4688, CommandLine|contains: ipconfig }
  condition: sel
---
title: Failed logon
id: 5638f7c0-ac70-491d-8465-2a65075e0d86
logsource: { product: windows, service: security }
detection:
  sel: { EventID: 4625 }
  condition: sel
`;

const correlation = (body: string): SigmaOutcome[] =>
  convertSigma([
    { name: 'rules.yml', text: RULES },
    { name: 'mr_test.yml', text: body },
  ]);

const rulesOf = (outcomes: SigmaOutcome[], file: string): Rule[] =>
  outcomes.flatMap((o) => (o.status === 'converted' && o.file === file ? [o.rule] : []));

let t = 0;
const cmd = (host: string, user: string, line: string, seconds: number): Doc => ({
  '@timestamp': new Date(Date.UTC(2024, 0, 1, 0, 0, seconds)).toISOString(),
  event: { category: ['process'] },
  winlog: {
    channel: 'Security',
    event_id: '4688',
    computer_name: host,
    record_id: String(++t),
    event_data: { CommandLine: line, User: user },
  },
});

const alerts = (rules: Rule[], docs: Doc[]): number =>
  runQueries(
    rules.map((r) => ({
      id: r.id,
      query: compile(r.query!, { timestampField: '@timestamp' }),
      size: Infinity,
    })),
    [docs],
  ).outcomes.reduce((n, o) => n + o.total, 0);

const ordered = `
title: Recon ordered
correlation:
  type: temporal_ordered
  rules: [recon_cmd_a, recon_cmd_b, recon_cmd_c]
  group-by: [ComputerName, User]
  timespan: 5m
`;

describe('temporal_ordered', () => {
  const outcomes = correlation(ordered);
  const [rule] = rulesOf(outcomes, 'mr_test.yml');

  it('becomes one EQL sequence joined on the group-by fields within the timespan', () => {
    expect(rule.type).toBe('eql');
    expect(rule.query).toMatch(
      /^sequence by winlog\.computer_name, winlog\.event_data\.User with maxspan=5m\n/,
    );
    expect(rule.query!.split('\n')).toHaveLength(4);
  });

  it('fires on the three commands in order, by the same user on one host, within 5 minutes', () => {
    const inOrder = [
      cmd('h1', 'bob', 'whoami', 0),
      cmd('h1', 'bob', 'net user x', 10),
      cmd('h1', 'bob', 'ipconfig /all', 20),
    ];
    expect(alerts([rule], inOrder)).toBe(1);
    const wrongOrder = [
      cmd('h1', 'bob', 'net user x', 0),
      cmd('h1', 'bob', 'whoami', 10),
      cmd('h1', 'bob', 'ipconfig', 20),
    ];
    expect(alerts([rule], wrongOrder)).toBe(0);
    const twoUsers = [
      cmd('h1', 'bob', 'whoami', 0),
      cmd('h1', 'eve', 'net user x', 10),
      cmd('h1', 'bob', 'ipconfig', 20),
    ];
    expect(alerts([rule], twoUsers)).toBe(0);
    const tooSlow = [
      cmd('h1', 'bob', 'whoami', 0),
      cmd('h1', 'bob', 'net user x', 10),
      cmd('h1', 'bob', 'ipconfig', 400),
    ];
    expect(alerts([rule], tooSlow)).toBe(0);
  });

  it('leaves the referenced rules disabled: they run as part of the correlation only', () => {
    const refs = rulesOf(outcomes, 'rules.yml').filter((r) => r.name.startsWith('Recon'));
    expect(refs.map((r) => r.enabled)).toEqual([false, false, false]);
  });
});

describe('temporal', () => {
  const rules = rulesOf(
    correlation(ordered.replace('temporal_ordered', 'temporal')),
    'mr_test.yml',
  );

  it('becomes one sequence per order of the rules (3! = 6)', () => {
    expect(rules).toHaveLength(6);
    expect(new Set(rules.map((r) => r.id)).size).toBe(6);
  });

  it('fires whatever the order, once per order that occurs', () => {
    const anyOrder = [
      cmd('h1', 'bob', 'net user x', 0),
      cmd('h1', 'bob', 'ipconfig', 10),
      cmd('h1', 'bob', 'whoami', 20),
    ];
    expect(alerts(rules, anyOrder)).toBe(1);
    expect(alerts(rules, anyOrder.slice(0, 2))).toBe(0);
  });
});

describe('event_count and value_count', () => {
  it('event_count becomes a threshold rule with an EQL event query', () => {
    const [rule] = rulesOf(
      correlation(`
title: Many failed logins
id: 0e95725d-7320-415d-80f7-004da920fc11
correlation:
  type: event_count
  rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]
  group-by: [ComputerName]
  timespan: 1h
  condition: { gte: 100 }
`),
      'mr_test.yml',
    );
    expect(rule).toMatchObject({
      type: 'threshold',
      language: 'eql',
      threshold: { field: ['winlog.computer_name'], value: 100 },
      from: 'now-1h',
    });
    const stage = compile(rule.query!).stages[0];
    expect(stage.test({ winlog: { channel: 'Security', event_id: '4625' } })).toBe(true);
    expect(stage.test({ winlog: { channel: 'Security', event_id: '4624' } })).toBe(false);
  });

  it('value_count counts distinct values of its field; gt N means at least N+1', () => {
    const [rule] = rulesOf(
      correlation(`
title: Failed login
correlation:
  type: value_count
  rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]
  group-by: [ComputerName, WorkstationName]
  timespan: 1d
  condition: { field: TargetUserName, gt: 99 }
`),
      'mr_test.yml',
    );
    expect(rule.threshold).toEqual({
      field: ['winlog.computer_name', 'winlog.event_data.WorkstationName'],
      value: 1,
      cardinality: [{ field: 'winlog.event_data.TargetUserName', value: 100 }],
    });
  });

  it('upper bounds and ranges cannot run, with the reason', () => {
    const out = correlation(`
title: Few logins
correlation:
  type: event_count
  rules: [5638f7c0-ac70-491d-8465-2a65075e0d86]
  group-by: [ComputerName]
  timespan: 1h
  condition: { lt: 3 }
`).find((o) => o.file === 'mr_test.yml');
    expect(out).toMatchObject({
      status: 'cannot-run',
      construct: 'correlation.event_count.condition',
    });
  });
});
