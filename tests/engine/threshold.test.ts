// Threshold rules over a file, on planted (synthetic) events: groups just below and at the
// threshold, inside and outside the look-back window, with and without cardinality, and the
// same settings behind a KQL query and an EQL one (Sigma's event_count correlations).
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { aggregateOutcome, type Aggregation } from '../../src/engine/aggregate.ts';
import { runQueries } from '../../src/engine/index.ts';
import { thresholdResults, type ThresholdResult } from '../../src/engine/threshold.ts';
import { compileKql } from '../../src/kql/index.ts';

const T0 = Date.parse('2024-05-01T10:00:00Z');
const MIN = 60_000;

function logon(host: string | undefined, minute: number, user = 'admin'): Doc {
  return {
    '@timestamp': new Date(T0 + minute * MIN).toISOString(),
    event: { category: 'authentication', code: '4625', outcome: 'failure' },
    ...(host === undefined ? {} : { host: { id: host } }),
    user: { name: user },
  };
}

const timed = (docs: Doc[]) =>
  docs.map((doc) => ({ doc, ts: Date.parse(doc['@timestamp'] as string) }));

const NINE_MINUTES = 9 * MIN;
const byHost = { groupBy: ['host.id'], value: 10, windowMs: NINE_MINUTES };

function hosts(results: ThresholdResult[]): unknown[] {
  return results.map((r) => r.join_keys[0]);
}

describe('threshold over the data’s own time', () => {
  it('alerts for a group at the threshold, not for one just below', () => {
    const docs = [
      ...Array.from({ length: 9 }, (_, i) => logon('below', i * 0.5)),
      ...Array.from({ length: 10 }, (_, i) => logon('at', i * 0.5)),
    ];
    const results = thresholdResults(timed(docs), byHost);
    expect(hosts(results)).toEqual(['at']);
    expect(results[0].threshold.count).toBe(10);
    expect(results[0].events).toHaveLength(10);
  });

  it('counts only events within one window: 10 events over 20 minutes do not alert', () => {
    const spread = Array.from({ length: 10 }, (_, i) => logon('slow', i * 2.2));
    expect(thresholdResults(timed(spread), byHost)).toEqual([]);
    // The window includes both ends: the 10th event exactly 9 minutes after the 1st counts.
    const edge = Array.from({ length: 10 }, (_, i) => logon('edge', i));
    expect(hosts(thresholdResults(timed(edge), byHost))).toEqual(['edge']);
    const past = Array.from({ length: 10 }, (_, i) => logon('past', i * 1.01));
    expect(thresholdResults(timed(past), byHost)).toEqual([]);
  });

  it('gives one alert per window’s worth of events in a long burst', () => {
    const burst = Array.from({ length: 25 }, (_, i) => logon('burst', i * 0.1));
    const results = thresholdResults(timed(burst), byHost);
    expect(results.map((r) => r.threshold.count)).toEqual([10, 10]);
  });

  it('without group-by fields the whole data is one group; events without the field are left out', () => {
    const docs = [
      ...Array.from({ length: 5 }, (_, i) => logon('a', i * 0.1)),
      ...Array.from({ length: 5 }, (_, i) => logon(undefined, i * 0.1)),
    ];
    expect(thresholdResults(timed(docs), byHost)).toEqual([]);
    const all = thresholdResults(timed(docs), { ...byHost, groupBy: [] });
    expect(all).toHaveLength(1);
    expect(all[0].join_keys).toEqual([]);
  });

  it('with cardinality, needs that many distinct values too', () => {
    const users = ['u1', 'u2', 'u3', 'u1', 'u2', 'u3', 'u1', 'u2', 'u3', 'u1'];
    const docs = users.map((u, i) => logon('h', i * 0.1, u));
    const spec = (n: number) => ({ ...byHost, cardinality: [{ field: 'user.name', value: n }] });
    expect(thresholdResults(timed(docs), spec(4))).toEqual([]);
    const [hit] = thresholdResults(timed(docs), spec(3));
    expect(hit.threshold.cardinality).toEqual([{ field: 'user.name', value: 3 }]);
  });

  it('keeps only the first events as evidence, counting them all', () => {
    const docs = Array.from({ length: 30 }, (_, i) => logon('h', i * 0.01));
    const [hit] = thresholdResults(timed(docs), { ...byHost, value: 30, maxEvidence: 5 });
    expect([hit.threshold.count, hit.events.length]).toEqual([30, 5]);
    expect(hit.events[0]).toBe(docs[0]);
  });
});

describe('threshold as a rule outcome', () => {
  const docs = [
    ...Array.from({ length: 10 }, (_, i) => logon('h1', i * 0.5)),
    ...Array.from({ length: 9 }, (_, i) => logon('h2', i * 0.5)),
    { ...logon('h1', 1), event: { category: 'process', code: '1' } },
  ];
  const aggregation: Aggregation = { kind: 'threshold', ...byHost };

  it.each([
    ['KQL', compileKql('event.category:authentication and event.outcome:failure')],
    ['EQL', compile('authentication where event.outcome == "failure"')],
  ])('gives the same alerts whether the query is %s', (_, query) => {
    const [outcome] = runQueries([{ id: 'r', query, size: Infinity }], [docs]).outcomes;
    const result = aggregateOutcome(outcome, aggregation, query, 100);
    expect(result.total).toBe(1);
    expect(result.results[0]).toMatchObject({ join_keys: ['h1'] });
    expect(result.results[0].events).toHaveLength(10);
    expect(aggregateOutcome(outcome, aggregation, query, 0)).toMatchObject({ total: 1, more: 1 });
  });
});
