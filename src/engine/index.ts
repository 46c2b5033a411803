// The correlator's public surface. A scan is two phases so a pool of workers can share it:
//
//   const specs = rules.map((r) => ({ id, name, query: compile(r.query, options), size }));
//   const collector = new Collector(specs, { categoryField });   // one per worker
//   for (each event) collector.add(doc, { file, record, offset });
//   correlator.add(collector.drain());                            // batches: structured-clone safe
//   const { outcomes, untimedByFile } = new Correlator(specs)…finish();
//
// A Collector compiles its whole rule set into one plan (src/engine/plan): events are
// dispatched by category and by the field values stages require, so each meets only the
// stages that concern it; `collector.planStats()` says how many it tried per event.
// With `keepDocs: false` results hold EventStubs: fetch `eventRefs(summary)` and call
// `resolveEvents(summary, lookup)`. `runQueries(specs, files)` does it all in one call.
export { Collector, DEFAULT_BUDGET, planFor, type CollectorOptions } from './collector.ts';
export type { PlanStats } from './plan/rule-plan.ts';
export { Correlator } from './correlator.ts';
export { CandidatePacker, type PackedBatch } from './packed-batch.ts';
export { runQueries, type EventFiles } from './run-queries.ts';
export { compareOrdinal } from './ordinal.ts';
export { eventRefs, isEventStub, resolveEvents } from './evidence.ts';
export { readField } from './field.ts';
export type * from './types.ts';
