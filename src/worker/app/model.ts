// Shapes the services keep and pass around internally (the UI sees only app-api.ts).
import type { CompiledQuery, CompiledStage, Doc } from '../../eql/compiled.ts';
import type { Conjunct } from '../../engine/types.ts';
import type { RuleAggregation } from '../../rules/runtime.ts';
import type { CompiledWith, ExplanationNode, Severity } from '../../case/index.ts';
import type { QueryError } from '../app-api.ts';

// The stored shapes of a case belong to src/case; re-exported for the services' imports.
export type { AlertBody, EventChunk, StoredReport } from '../../case/index.ts';

/** A rule ready to run: its metadata and its compiled query. */
export interface RunnableRule {
  id: string;
  name: string;
  severity: Severity;
  riskScore: number;
  maxSignals: number;
  /** ES `max_samples_per_key` for sample queries, when the rule sets it (else 1). */
  maxSamplesPerKey?: number;
  query: CompiledQuery;
  /** The options `query` was compiled with: how to compile it again to explain an alert later. */
  compiledWith: CompiledWith;
  /** Per stage, the top-level conjuncts counted for near-miss reports (empty when unknown). */
  conjuncts: readonly (readonly Conjunct[])[];
  /** Threshold / new terms: how the query's matches become alerts (see src/engine/aggregate). */
  aggregation?: RuleAggregation;
}

/**
 * What the services need from the EQL language, injected so the pipeline can be exercised
 * with the real language in Node and in the worker alike.
 */
export interface Language {
  /** What `compile` compiles with (kept with an alert, to explain it when it is opened). */
  readonly options: CompiledWith;
  compile(source: string): CompiledQuery;
  /** Throws the language's positioned error when the query does not parse or validate. */
  check(source: string): CompiledQuery['kind'];
  explain(stage: CompiledStage, doc: Doc): ExplanationNode | null;
  conjuncts(stage: CompiledStage, source: string): Conjunct[];
  print(source: string): string;
  /** Turns whatever the language threw into a positioned QueryError. */
  toQueryError(error: unknown, source: string): QueryError;
}

/** Where an event came from, for evidence. */
export interface EventMeta {
  file: number;
  record: number;
  line: number;
  raw: unknown;
  /** From a raw .evtx: `line` is the record's place among the file's records. */
  evtx?: true;
}
