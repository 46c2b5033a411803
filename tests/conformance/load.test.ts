// The loader feeds the suites exactly as Elasticsearch's harness does; pin the parts that
// are easy to get subtly wrong.
import { describe, expect, it } from 'vitest';
import { conformanceUnavailable, loadSuite, SUITES } from './load.ts';

const unavailable = conformanceUnavailable();
if (unavailable) console.warn(`skipping loader tests: ${unavailable}`);

describe.skipIf(unavailable !== null)('conformance loader', () => {
  it('converts FILETIME to epoch milliseconds exactly (values beyond 2^53)', () => {
    const { events } = loadSuite('es_test_queries');
    const system = events.find((e) => e.serial_event_id === 2)!;
    // 131485996510000000 ticks of 100 ns since 1601 → 2017-08-30T20:47:31Z.
    expect(system['@timestamp']).toBe(Date.UTC(2017, 7, 30, 20, 47, 31));
    expect(events).toHaveLength(102);
  });

  it('keeps active queries only and reads expectations and join keys', () => {
    const counts = Object.fromEntries(SUITES.map((s) => [s, loadSuite(s).queries.length]));
    expect(counts).toEqual({
      es_test_queries: 133,
      es_additional_test_queries: 61,
      es_test_extra: 40,
      es_test_missing_events: 26,
    });
    const extra = loadSuite('es_test_extra');
    expect(extra.queries.find((q) => q.name === 'basic')).toMatchObject({
      expected: [1, 2, 3, 4, 5, 6],
      joinKeys: ['1234', '1235'],
    });
    expect(extra.queries.some((q) => q.joinKeys?.includes(null))).toBe(true);
    expect(extra).toMatchObject({
      categoryField: 'event_type',
      tiebreakerField: 'sequence',
      size: 50,
    });
  });

  it('strips // comment lines from the missing-events data', () => {
    const { events } = loadSuite('es_test_missing_events');
    expect(events.length).toBeGreaterThan(40);
    expect(events.every((e) => typeof e.sequence === 'number')).toBe(true);
  });

  it('gives every caller its own copy of the events', () => {
    const a = loadSuite('es_test_extra').events;
    a[0].event_type = 'changed';
    expect(loadSuite('es_test_extra').events[0].event_type).toBe('REQUEST');
  });
});
