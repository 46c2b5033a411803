// What running a rule on a file means, by type (synthetic rules).
import { describe, expect, it } from 'vitest';
import { compileRule, lookBackMs, runPlan, type Rule } from '../../src/rules/index.ts';
import { syntheticRule } from './fixtures.ts';

const base = syntheticRule();

describe('runPlan', () => {
  it('reads look-backs as date math', () => {
    expect([lookBackMs('now-9m'), lookBackMs('now-7d'), lookBackMs('now-1h/h')]).toEqual([
      540_000, 604_800_000, 3_600_000,
    ]);
    expect(lookBackMs('2024-01-01')).toBeNull();
  });

  it('runs a Sigma event_count correlation: threshold over an EQL event query', () => {
    const sigma: Rule = {
      ...base,
      type: 'threshold',
      language: 'eql',
      query: 'process where process.name == "net.exe"',
      threshold: { field: ['host.name'], value: 5 },
      from: 'now-5m',
    };
    expect(runPlan(sigma)).toEqual({
      runnable: true,
      language: 'eql',
      query: sigma.query,
      aggregation: { kind: 'threshold', groupBy: ['host.name'], value: 5, windowMs: 300_000 },
    });
    expect(compileRule(sigma).query.stages[0].category).toBe('process');
    expect(() =>
      compileRule({ ...sigma, query: 'sequence [any where true] [any where true]' }),
    ).toThrow('a threshold rule needs an event query; this one is a sequence query');
  });

  it('takes Kibana’s default look-back (now-6m) when a threshold rule has no from', () => {
    const plan = runPlan({ ...base, type: 'threshold', threshold: { field: [], value: 3 } });
    expect(plan.runnable && plan.aggregation).toMatchObject({ windowMs: 360_000 });
  });

  it('says why ES|QL, ML and indicator match rules cannot run, and what makes a rule invalid', () => {
    const reason = (r: Partial<Rule>) => {
      const p = runPlan({ ...base, ...r });
      return p.runnable ? 'runnable' : `${p.invalid ? 'invalid' : 'cannot'}: ${p.reason}`;
    };
    expect(reason({ type: 'esql', language: 'esql' })).toMatch(/^cannot: ES\|QL/);
    expect(reason({ type: 'machine_learning', language: undefined })).toMatch(/^cannot: machine/);
    expect(reason({ type: 'threat_match' })).toMatch(/^cannot: indicator match/);
    expect(reason({ type: 'saved_query', query: undefined })).toMatch(/^cannot: .*saved query/);
    expect(reason({ type: 'saved_query' })).toBe('runnable');
    expect(reason({ type: 'threshold' })).toBe('invalid: threshold rule has no threshold settings');
    expect(
      reason({ type: 'new_terms', new_terms: { field: ['a'], history_window_start: 'x' } }),
    ).toBe("invalid: history_window_start = 'x' is not date math like now-7d");
    expect(reason({ type: 'query', language: 'sql' })).toBe(
      "invalid: query language 'sql' is not EQL, KQL or Lucene",
    );
  });
});
