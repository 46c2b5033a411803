// timestamp_override as Kibana's detection engine applies it (buildTimeRangeFilter and
// buildEqlSearchRequest in Kibana's security_solution): the override field decides which
// events are in, falling back to @timestamp when an event lacks it unless
// timestamp_override_fallback_disabled is set; query rules are timed by the override, EQL
// sequences by their own timestamp_field (@timestamp). Synthetic rules and events.
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { runQueries } from '../../src/engine/index.ts';
import { compileRule, type Rule } from '../../src/rules/index.ts';
import { syntheticRule } from './fixtures.ts';

const rule = syntheticRule({ timestamp_override: 'event.ingested' });
const strict = (r: Rule): Rule => ({ ...r, extra: { timestamp_override_fallback_disabled: true } });

const withIngested = {
  '@timestamp': '2024-05-01T10:00:00Z',
  event: { code: '1', ingested: '2024-05-01T10:05:00Z' },
};
const withoutIngested = { '@timestamp': '2024-05-01T10:00:00Z', event: { code: '1' } };

describe('timestamp_override on a query rule', () => {
  const compiled = compileRule(rule, { timestampField: 'event.ingested' }).query;

  it('reads the override field when the event has it', () => {
    expect(compiled.timestamp(withIngested)).toBe(Date.parse('2024-05-01T10:05:00Z'));
  });

  it('falls back to @timestamp when it does not', () => {
    expect(compiled.timestamp(withoutIngested)).toBe(Date.parse('2024-05-01T10:00:00Z'));
  });

  it('does not fall back when the rule disables it', () => {
    const q = compileRule(strict(rule), { timestampField: 'event.ingested' }).query;
    expect(q.timestamp(withIngested)).toBe(Date.parse('2024-05-01T10:05:00Z'));
    expect(q.timestamp(withoutIngested)).toBeNull();
  });

  it('matches an event without the field only while the fallback is on', () => {
    const run = (r: Rule) => {
      const query = compileRule(r, { timestampField: 'event.ingested' }).query;
      const summary = runQueries(
        [{ id: r.id, name: r.name, query, size: 10 }],
        [[withIngested, withoutIngested]],
      );
      return summary.outcomes[0].results.map((x) => x.events[0]);
    };
    expect(run(rule)).toHaveLength(2);
    expect(run(strict(rule))).toEqual([withIngested]);
  });
});

describe('timestamp_override on an EQL sequence', () => {
  const sequence: Rule = {
    ...rule,
    type: 'eql',
    language: 'eql',
    query:
      'sequence with maxspan=1m [process where process.name == "a"] [process where process.name == "b"]',
  };
  // Written at 10:00:00 and 10:00:30 (30 s apart), ingested in reverse order 5 minutes apart:
  // ordered by the override there is no sequence, ordered by @timestamp (as Kibana does) there is.
  const a: Doc = {
    '@timestamp': '2024-05-01T10:00:00Z',
    event: { category: 'process', ingested: '2024-05-01T10:10:00Z' },
    process: { name: 'a' },
  };
  const b: Doc = {
    '@timestamp': '2024-05-01T10:00:30Z',
    event: { category: 'process', ingested: '2024-05-01T10:05:00Z' },
    process: { name: 'b' },
  };
  const bWithoutIngested: Doc = { ...b, event: { category: 'process' } };

  const sequences = (r: Rule, docs: Doc[]) => {
    const query = compileRule(r, { timestampField: 'event.ingested' }).query;
    const summary = runQueries([{ id: r.id, name: r.name, query, size: 10 }], [docs]);
    return summary.outcomes[0].results.length;
  };

  it('orders and spans by @timestamp, not by the override', () => {
    expect(sequences(sequence, [a, b])).toBe(1);
  });

  it('keeps an event without the override field while the fallback is on', () => {
    expect(sequences(sequence, [a, bWithoutIngested])).toBe(1);
  });

  it('leaves it out when the rule disables the fallback', () => {
    expect(sequences(strict(sequence), [a, bWithoutIngested])).toBe(0);
    expect(sequences(strict(sequence), [a, b])).toBe(1);
  });
});
