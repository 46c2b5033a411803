// Every active non-sequence, non-sample query of Elasticsearch's main EQL suites, run the
// way Elasticsearch's QA harness runs an event query: filter with the compiled stage, order
// by @timestamp then tiebreaker, apply head/tail, keep at most 50, compare tiebreaker ids.
// Sequences and samples belong to the correlator's engine.test.ts.
import { afterAll, describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { conformanceUnavailable, loadSuite, type SuiteName } from './load.ts';

const unavailable = conformanceUnavailable();
if (unavailable) console.warn(`skipping EQL event-query conformance: ${unavailable}`);

const SUITES: SuiteName[] = ['es_test_queries', 'es_additional_test_queries'];

// Event queries still owed to another issue. Empty: every event query passes.
const OWED: ReadonlySet<string> = new Set<string>([]);

const isCorrelated = (query: string) =>
  /^\s*(sequence|sample)\b/.test(query.replace(/^\s*\/\/.*$/gm, ''));

function runEventQuery(
  source: string,
  events: Doc[],
  categoryField: string,
  tiebreakerField: string,
  size: number,
): number[] {
  const q = compile(source, { categoryField, tiebreakerField, timestampField: '@timestamp' });
  const stage = q.stages[0];
  const time = (d: Doc) => q.timestamp(d) ?? -Infinity;
  const tie = (d: Doc) => Number(q.tiebreaker!(d));
  let hits = events.filter(stage.test).sort((a, b) => time(a) - time(b) || tie(a) - tie(b));
  for (const pipe of q.pipes)
    hits =
      pipe.kind === 'head' ? hits.slice(0, pipe.count) : hits.slice(-pipe.count || hits.length);
  // Elasticsearch returns the first `size` hits; a trailing tail keeps its last ones.
  const tailLast = q.pipes.length > 0 && q.pipes[q.pipes.length - 1].kind === 'tail';
  if (hits.length > size) hits = tailLast ? hits.slice(-size) : hits.slice(0, size);
  return hits.map(tie);
}

const tally: Record<string, { passed: number; failed: string[]; owed: number }> = {};

describe.skipIf(unavailable !== null)('EQL event queries (Elasticsearch suites)', () => {
  for (const name of SUITES) {
    if (unavailable) continue;
    const suite = loadSuite(name);
    const counts = (tally[name] = { passed: 0, failed: [] as string[], owed: 0 });
    describe(name, () => {
      for (const q of suite.queries.filter((x) => !isCorrelated(x.query))) {
        const run = () =>
          runEventQuery(
            q.query,
            suite.events,
            suite.categoryField,
            suite.tiebreakerField,
            suite.size,
          );
        if (OWED.has(q.name)) {
          counts.owed++;
          it.fails(`${q.name} (owed)`, () => expect(run()).toEqual(q.expected));
          continue;
        }
        it(q.name, () => {
          try {
            expect(run(), q.query).toEqual(q.expected);
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
  for (const [name, { passed, failed, owed }] of Object.entries(tally)) {
    const line = `${name} event queries: ${passed} passed, ${failed.length} failed, ${owed} owed`;
    console.log(failed.length ? `${line} (${failed.join(', ')})` : line);
  }
});
