// Shapes the services keep and pass around internally (the UI sees only app-api.ts).
import type { CompiledQuery, CompiledStage, Doc } from '../../eql/compiled.ts';
import type { Conjunct } from '../../engine/types.ts';
import type { RuleAggregation } from '../../rules/runtime.ts';
import type { AlertDetail, ExplanationNode, QueryError, RuleReport, Severity } from '../app-api.ts';

/** An alert as stored: everything but the analyst's triage and the exceptions' verdict. */
export type AlertBody = Omit<AlertDetail, 'status' | 'hiddenBy' | 'triage'> & {
  /** Rule id + event identities: stays the same for the same alert on the same data. */
  identity: string;
};

/** A rule ready to run: its metadata and its compiled query. */
export interface RunnableRule {
  id: string;
  name: string;
  severity: Severity;
  riskScore: number;
  maxSignals: number;
  query: CompiledQuery;
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
}

/** A stored block of normalized events of one file, in read order. */
export interface EventChunk {
  sessionId: string;
  chunkIndex: number;
  /** The file's index within the session. */
  file: number;
  /** Record number (0-based, within the file) of the first event. */
  firstRecord: number;
  events: Doc[];
  lines: number[];
  raws: unknown[];
  /** Where ingest had it, the text each raw record was parsed from: stored in its place. */
  texts?: (string | undefined)[];
}

/** A rule report before exceptions are applied (those can change after the scan). */
export type StoredReport = Omit<RuleReport, 'hiddenByExceptions'>;
