// Every active query of Elasticsearch's four EQL suites, compiled by src/eql and run by the
// correlator exactly as ES's QA harness runs them (size 50; for sequences all events of all
// sequences in order, -1 for a missing-event placeholder; join keys where given).
import { afterAll, describe, expect, it } from 'vitest';
import { runQueries, type Result } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { conformanceUnavailable, loadSuite, SUITES, type Suite } from './load.ts';

const unavailable = conformanceUnavailable();
if (unavailable) console.warn(`skipping engine conformance: ${unavailable}`);

function eventIds(results: Result[], tiebreaker: string): number[] {
  return results.flatMap((r) =>
    r.events.map((e) => (e.missing === true ? -1 : Number((e as Doc)[tiebreaker]))),
  );
}

function joinKeys(results: Result[]): string[] {
  return results.flatMap((r) =>
    'join_keys' in r ? r.join_keys.map((k) => (k === null ? 'null' : String(k))) : [],
  );
}

const tally: Record<string, { passed: number; failed: string[] }> = {};

describe.skipIf(unavailable !== null)('engine conformance (Elasticsearch EQL suites)', () => {
  for (const name of SUITES) {
    const suite: Suite | null = unavailable ? null : loadSuite(name);
    if (!suite) continue;
    const events = suite.events;
    const counts = (tally[name] = { passed: 0, failed: [] as string[] });
    describe(name, () => {
      for (const q of suite.queries) {
        it(q.name, () => {
          try {
            const query = compile(q.query, {
              categoryField: suite.categoryField,
              timestampField: '@timestamp',
              tiebreakerField: suite.tiebreakerField,
              ...suite.mapping,
            });
            const [outcome] = runQueries([{ id: q.name, query, size: suite.size }], [events], {
              categoryField: suite.categoryField,
            }).outcomes;
            expect(outcome.error).toBeNull();
            expect(eventIds(outcome.results, suite.tiebreakerField)).toEqual(q.expected);
            if (q.joinKeys) {
              expect(joinKeys(outcome.results)).toEqual(
                q.joinKeys.map((k) => (k === null ? 'null' : k)),
              );
            }
            counts.passed++;
          } catch (e) {
            counts.failed.push(q.name);
            throw e;
          }
        });
      }
    });
  }
});

afterAll(() => {
  for (const [name, { passed, failed }] of Object.entries(tally)) {
    const line = `${name}: ${passed} passed, ${failed.length} failed`;
    console.log(failed.length ? `${line} (${failed.join(', ')})` : line);
  }
});
