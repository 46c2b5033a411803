// Date fields compare with literals as instants, the way Elasticsearch's date mapping reads
// them (strict_date_optional_time||epoch_millis, missing components filled per range end).
import { describe, expect, it } from 'vitest';
import { runQueries, type SequenceResult } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { ECS_DATE_FIELDS, parseDateLiteral } from '../../src/eql/dates.ts';
import { compile, EqlError } from '../../src/eql/index.ts';
import { conformanceUnavailable, loadSuite } from '../conformance/load.ts';
import { holds } from './helpers.ts';

const unavailable = conformanceUnavailable();

describe.skipIf(unavailable !== null)(
  "Elasticsearch's date queries (test_queries_date.toml)",
  () => {
    // The four queries of ES's x-pack/plugin/eql/qa test_queries_date.toml, with the ids ES
    // expects, on the same Endgame data its harness loads (@timestamp from FILETIME).
    const cases: [string, number[]][] = [
      ['process where @timestamp == "2017-08-30T20:47:33Z"', [18, 19, 20, 21, 22, 23, 24]],
      ['process where @timestamp < "2017-08-30T20:47:32Z"', [1, 2, 3, 4, 5, 6, 7]],
      ['process where @timestamp == 1516116808349', [97]],
      ['process where @timestamp > 1516116808349', [98, 75273, 75303]],
    ];
    for (const [query, expected] of cases) {
      it(query, () => {
        const { events } = loadSuite('es_test_queries');
        const stage = compile(query, { categoryField: 'event_type' }).stages[0];
        expect(events.filter(stage.test).map((e) => e.serial_event_id)).toEqual(expected);
      });
    }
  },
);

describe('date literals', () => {
  const at = (iso: string) => Date.parse(iso);

  it('reads strict_date_optional_time, UTC unless a zone is named', () => {
    expect(parseDateLiteral('2017-08-30T20:47:33Z')).toEqual({
      low: at('2017-08-30T20:47:33.000Z'),
      high: at('2017-08-30T20:47:33.999Z'),
    });
    expect(parseDateLiteral('2017-08-30T20:47:33.5')).toEqual({
      low: at('2017-08-30T20:47:33.500Z'),
      high: at('2017-08-30T20:47:33.500Z'),
    });
    expect(parseDateLiteral('2017-08-30T22:47:33.123456789+02:00')?.low).toBe(
      at('2017-08-30T20:47:33.123Z'),
    );
    expect(parseDateLiteral('2017-08-30T15:47-0500')?.low).toBe(at('2017-08-30T20:47:00Z'));
    expect(parseDateLiteral('2017-08-30')).toEqual({
      low: at('2017-08-30T00:00:00.000Z'),
      high: at('2017-08-30T23:59:59.999Z'),
    });
    // Elasticsearch fills a missing month or day with 01 at both ends.
    expect(parseDateLiteral('2017-08')).toEqual({
      low: at('2017-08-01T00:00:00.000Z'),
      high: at('2017-08-01T23:59:59.999Z'),
    });
  });

  it('falls back to epoch milliseconds, and refuses what is neither', () => {
    expect(parseDateLiteral('1516116808349')).toEqual({ low: 1516116808349, high: 1516116808349 });
    for (const bad of ['yesterday', '2017-02-30', '2017-8-30', '2017-08-30 20:47:33', '17-08-30'])
      expect(parseDateLiteral(bad), bad).toBeNull();
    expect(parseDateLiteral('2016-02-29')).not.toBeNull();
  });
});

describe('comparing a date field', () => {
  const ev = (ts: unknown, extra: Doc = {}): Doc => ({ '@timestamp': ts, ...extra });
  const half = ev('2017-08-30T20:47:33.500Z');

  it('takes the whole second of a second-precision literal for ==, <= and >', () => {
    expect(holds('@timestamp == "2017-08-30T20:47:33Z"', half)).toBe(true);
    expect(holds('@timestamp != "2017-08-30T20:47:33Z"', half)).toBe(false);
    expect(holds('@timestamp <= "2017-08-30T20:47:33Z"', half)).toBe(true);
    expect(holds('@timestamp > "2017-08-30T20:47:33Z"', half)).toBe(false);
    expect(holds('@timestamp >= "2017-08-30T20:47:33Z"', half)).toBe(true);
    expect(holds('@timestamp < "2017-08-30T20:47:33Z"', half)).toBe(false);
    expect(holds('@timestamp < "2017-08-30T20:47:34Z"', half)).toBe(true);
  });

  it('compares by instant whatever form the event or the literal takes', () => {
    const ms = Date.parse('2017-08-30T20:47:33Z');
    for (const value of [ms, String(ms), '2017-08-30T20:47:33Z', '2017-08-30T22:47:33+02:00'])
      expect(holds('@timestamp == "2017-08-30T16:47:33-04:00"', ev(value)), String(value)).toBe(
        true,
      );
    expect(holds(`@timestamp == ${ms}`, ev('2017-08-30T20:47:33Z'))).toBe(true);
    expect(holds(`"2017-08-30T20:47:32Z" < @timestamp`, ev(ms))).toBe(true);
    expect(holds('@timestamp in ("2017-08-29", "2017-08-30")', ev(ms))).toBe(true);
    expect(holds('@timestamp not in ("2017-08-29", "2017-08-31")', ev(ms))).toBe(true);
  });

  it('treats ECS date fields and the timestamp field in use as dates, others as text', () => {
    expect(ECS_DATE_FIELDS).toContain('process.start');
    const doc = { process: { start: '2024-01-02T03:04:05Z' }, when: '2024-01-02T03:04:05Z' };
    expect(holds('process.start >= "2024-01-02"', doc)).toBe(true);
    // `when` is no date field: a string against a string compares text.
    expect(holds('when >= "2024-01-02"', doc)).toBe(true);
    expect(holds('when == "2024-01-02T03:04:05.000Z"', doc)).toBe(false);
    const custom = compile('any where when == "2024-01-02T03:04:05.000Z"', {
      timestampField: 'when',
    });
    expect(custom.stages[0].test(doc)).toBe(true);
    expect(compile('any where when > 0', { dateFields: ['when'] }).stages[0].test(doc)).toBe(true);
  });

  it('compares two date fields by instant', () => {
    const doc = { event: { created: 1704164645000, ingested: '2024-01-02T03:04:06Z' } };
    expect(holds('event.created < event.ingested', doc)).toBe(true);
    expect(holds('event.created == event.ingested', doc)).toBe(false);
  });

  it('refuses a literal that is no date, pointing at it', () => {
    const q = 'process where @timestamp > "yesterday"';
    expect(() => compile(q)).toThrow(EqlError);
    try {
      compile(q);
    } catch (e) {
      expect((e as EqlError).message).toMatch(/"yesterday" is not a date: @timestamp is a date/);
      expect((e as EqlError).column).toBe(q.indexOf('"yesterday"') + 1);
    }
    expect(() => compile('any where @timestamp > "now-1d"')).toThrow(/date math is not supported/);
  });
});

describe('date join keys', () => {
  it('print as epoch milliseconds and join ISO text with epoch numbers', () => {
    const t = Date.parse('2022-12-17T00:00:00Z');
    const events = [
      { id: 1, event: { category: ['alert'], created: '2022-12-17T00:00:00Z' } },
      { id: 2, event: { category: ['failure'], created: t } },
    ];
    const query = compile('sample by event.created [alert where true] [failure where true]');
    const [outcome] = runQueries([{ id: 'q', query }], [events]).outcomes;
    const [sample] = outcome.results as SequenceResult[];
    expect(sample.join_keys).toEqual([t]);
    expect(sample.events.map((e) => (e as Doc).id)).toEqual([1, 2]);
  });

  it('print in sequences as ISO text, the way Elasticsearch formats a date key there', () => {
    const events = [
      { id: 1, '@timestamp': 1, event: { category: ['process'], created: 0 } },
      { id: 2, '@timestamp': 2, event: { category: ['process'], created: '1970-01-01T00:00Z' } },
    ];
    const query = compile('sequence by event.created [process where true] [process where true]');
    const [outcome] = runQueries([{ id: 'q', query }], [events]).outcomes;
    const [sequence] = outcome.results as SequenceResult[];
    expect(sequence.join_keys).toEqual(['1970-01-01T00:00:00.000Z']);
    expect(sequence.events.map((e) => (e as Doc).id)).toEqual([1, 2]);
  });
});
