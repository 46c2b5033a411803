// Runs the built-in rules (or variants of them) over synthetic docs with the real language
// and correlator, as the app does.
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { runQueries, type SequenceResult } from '../../src/engine/index.ts';

export function sequences(query: string, docs: Doc[]): Doc[][] {
  const compiled = compile(query, {
    categoryField: 'event.category',
    timestampField: '@timestamp',
  });
  const summary = runQueries([{ id: 'q', query: compiled, size: Infinity }], [docs]);
  const [outcome] = summary.outcomes;
  return outcome.results.map((r) => (r as SequenceResult).events as Doc[]);
}

export function get(doc: Doc, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** A doc without the record id the generator stamps on its way out. */
export function withoutRecordId(doc: Doc): Doc {
  const copy = structuredClone(doc);
  const winlog = copy.winlog as Doc | undefined;
  if (winlog) delete winlog.record_id;
  return copy;
}
