// New terms rules over a file, on planted (synthetic) events: a combination is new when the
// same data holds no earlier matching event with it within the history window.
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { aggregateOutcome } from '../../src/engine/aggregate.ts';
import { runQueries } from '../../src/engine/index.ts';
import { newTermsResults } from '../../src/engine/new-terms.ts';
import { compileKql } from '../../src/kql/index.ts';

const T0 = Date.parse('2024-05-01T00:00:00Z');
const DAY = 86_400_000;

function driver(day: number, name: string | undefined, host = 'h1'): Doc {
  return {
    '@timestamp': new Date(T0 + day * DAY).toISOString(),
    event: { category: 'driver', action: 'load' },
    host: { id: host },
    ...(name === undefined ? {} : { dll: { pe: { original_file_name: name } } }),
  };
}

const timed = (docs: Doc[]) =>
  docs.map((doc) => ({ doc, ts: Date.parse(doc['@timestamp'] as string) }));
const sevenDays = { fields: ['dll.pe.original_file_name'], historyMs: 7 * DAY };

describe('new terms over the data’s own time', () => {
  it('alerts on a first appearance, not on repeats inside the history window', () => {
    const docs = [driver(0, 'a.sys'), driver(1, 'a.sys'), driver(6.9, 'a.sys'), driver(2, 'b.sys')];
    const sorted = timed(docs).sort((x, y) => x.ts - y.ts);
    expect(newTermsResults(sorted, sevenDays).map((r) => r.new_terms)).toEqual([
      ['a.sys'],
      ['b.sys'],
    ]);
  });

  it('alerts again once the last sighting is older than the history window', () => {
    const docs = timed([driver(0, 'a.sys'), driver(7.5, 'a.sys'), driver(8, 'a.sys')]);
    expect(newTermsResults(docs, sevenDays).map((r) => r.events[0])).toEqual([
      docs[0].doc,
      docs[1].doc,
    ]);
  });

  it('takes the combination of fields: a known value on a new host is new', () => {
    const spec = { fields: ['host.id', 'dll.pe.original_file_name'], historyMs: 7 * DAY };
    const docs = timed([
      driver(0, 'a.sys', 'h1'),
      driver(1, 'a.sys', 'h2'),
      driver(2, 'a.sys', 'h1'),
    ]);
    expect(newTermsResults(docs, spec).map((r) => r.new_terms)).toEqual([
      ['h1', 'a.sys'],
      ['h2', 'a.sys'],
    ]);
  });

  it('ignores events that lack one of the fields', () => {
    expect(newTermsResults(timed([driver(0, undefined)]), sevenDays)).toEqual([]);
  });

  it('runs as a rule outcome over the KQL query’s matches only', () => {
    const docs = [
      driver(0, 'a.sys'),
      { ...driver(0.5, 'c.sys'), event: { category: 'process', action: 'start' } },
      driver(1, 'a.sys'),
      driver(3, 'c.sys'),
    ];
    const query = compileKql('event.category:"driver" and event.action:"load"');
    const [outcome] = runQueries([{ id: 'r', query, size: Infinity }], [docs]).outcomes;
    const result = aggregateOutcome(outcome, { kind: 'new_terms', ...sevenDays }, query, 100);
    // c.sys loaded on day 3 is new: the process event with it does not match the query.
    expect(result.results.map((r) => r.events[0])).toEqual([docs[0], docs[3]]);
  });
});
