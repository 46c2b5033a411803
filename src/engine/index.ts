// The correlator's public surface: a Collector per worker, one Correlator per scan.
export { Collector, DEFAULT_BUDGET, type CollectorOptions } from './collector.ts';
export { Correlator } from './correlator.ts';
export { runQueries, type EventFiles } from './run-queries.ts';
export { compareOrdinal } from './ordinal.ts';
export { eventRefs, isEventStub, resolveEvents } from './evidence.ts';
export { readField } from './field.ts';
export type * from './types.ts';
