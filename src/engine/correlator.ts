// The second phase of a scan: merges candidate batches from any number of collectors (in
// any order), orders each query's candidates and runs its matcher, then applies pipes and
// `size`. Results come back per query, with the statistics that explain them.
import { CandidateStore } from './candidate-store.ts';
import { evidenceOf } from './evidence.ts';
import { sequenceKeyValues } from './join-key.ts';
import { compareOrdinal } from './ordinal.ts';
import { budgetMessage, DEFAULT_BUDGET } from './collector.ts';
import { applyPipes, applySize, eventWindow, trimToWindow, type EventWindow } from './pipes.ts';
import { matchSamples } from './sample-matcher.ts';
import { MissingTimes } from './missing-times.ts';
import { matchSequences } from './sequence-matcher.ts';
import { addUntimed, unpackRow, type PackedBatch } from './packed-batch.ts';
import type {
  Candidate,
  CandidateBatch,
  CollectedCounts,
  QueryOutcome,
  QuerySpec,
  QueryStats,
  Result,
  ScanSummary,
  SequenceResult,
  StageStats,
} from './types.ts';

interface Merged {
  /** Event queries' candidates (a window of them); the others' are in `store`. */
  candidates: Candidate[][];
  store: CandidateStore;
  /** A sequence's missing-stage candidates, as times only (null: the query has no missing stage). */
  missing: MissingTimes | null;
  stageMatches: number[];
  untilMatches: number;
  untimed: number;
  eventMatches: number;
  nearMiss: number[][] | null;
  stopped: string | null;
  /** Candidates merged so far, for the budget. */
  held: number;
  /** For event queries: the most that can be returned, so nothing else is held. */
  window: EventWindow | null;
}

export class Correlator {
  readonly #specs: readonly QuerySpec[];
  readonly #merged: Merged[];
  #events = 0;
  readonly #untimedByFile: Record<number, number> = {};

  constructor(specs: readonly QuerySpec[]) {
    this.#specs = specs;
    this.#merged = specs.map((s) => ({
      candidates: [],
      store: new CandidateStore(),
      missing: missingTimesFor(s.query),
      stageMatches: s.query.stages.map(() => 0),
      untilMatches: 0,
      untimed: 0,
      eventMatches: 0,
      nearMiss: null,
      stopped: null,
      held: 0,
      window: s.query.kind === 'event' ? eventWindow(s.query.pipes, s.size ?? 10) : null,
    }));
  }

  add(batch: CandidateBatch): void {
    if (batch.candidates.length !== this.#specs.length) {
      throw new Error(
        `candidate batch holds ${batch.candidates.length} queries, the correlator runs ${this.#specs.length}: collectors and correlator must share the same query list`,
      );
    }
    this.#events += batch.events;
    addUntimed(this.#untimedByFile, batch.untimedByFile);
    // Plain loops: the CLI hands a batch over every 128 events, each with every query's counts.
    for (let q = 0; q < batch.counts.length; q++) {
      const incoming = batch.candidates[q];
      const m = this.#merged[q];
      this.#count(m, batch.counts[q]);
      if (m.stopped === null && incoming.length) this.#hold(q, m, incoming);
    }
  }

  /**
   * A batch packed on another thread (`CandidatePacker`), its records `recordBase` further
   * into their file: the same as `add` of the batch it packed, each record shifted, with
   * its common candidates pushed into the columns without being made into objects.
   */
  addPacked(batch: PackedBatch, recordBase = 0): void {
    const n = this.#specs.length;
    if (batch.counts.length !== n) {
      throw new Error(
        `candidate batch holds ${batch.counts.length} queries, the correlator runs ${n}: collectors and correlator must share the same query list`,
      );
    }
    this.#events += batch.events;
    addUntimed(this.#untimedByFile, batch.untimedByFile);
    // The rows of each query, in the order packed (a counting sort by query).
    const start = new Uint32Array(n + 1);
    const query = batch.query;
    for (let r = 0; r < batch.rows; r++) start[query[r] + 1]++;
    for (let q = 0; q < n; q++) start[q + 1] += start[q];
    const order = new Uint32Array(batch.rows);
    const at = start.slice(0, n);
    for (let r = 0; r < batch.rows; r++) order[at[query[r]]++] = r;
    for (let q = 0; q < n; q++) {
      const m = this.#merged[q];
      this.#count(m, batch.counts[q]);
      const from = start[q];
      const to = start[q + 1];
      if (m.stopped !== null || from === to) continue;
      m.held += to - from;
      if (m.window) {
        const incoming: Candidate[] = [];
        for (let i = from; i < to; i++) incoming.push(unpackRow(batch, order[i], recordBase));
        this.#holdWindow(m, incoming);
        continue;
      }
      const spec = this.#specs[q];
      if (m.held > (spec.budget ?? DEFAULT_BUDGET)) {
        this.#trip(spec, m);
        continue;
      }
      const store = m.store;
      const missing = m.missing;
      const stages = spec.query.stages;
      for (let i = from; i < to; i++) {
        const r = order[i];
        const k = batch.key[r];
        if (k < 0) {
          const c = unpackRow(batch, r, recordBase);
          if (missing) holdMissingApart(spec.query, missing, store, [c]);
          else store.push(c);
          continue;
        }
        const stage = batch.stage[r];
        if (missing && stage >= 0 && stages[stage].missing) {
          missing.add(stage, batch.keys[k], batch.ts[r]);
          continue;
        }
        const offset = batch.offset[r];
        store.pushCompact(
          batch.ts[r],
          batch.file[r],
          batch.record[r] + recordBase,
          Number.isNaN(offset) ? undefined : offset,
          stage,
          batch.keys[k],
        );
      }
    }
  }

  #count(m: Merged, counts: CollectedCounts): void {
    if (m.stopped === null && counts.stopped !== null) {
      m.stopped = counts.stopped;
      m.candidates = [];
      m.store = new CandidateStore();
      m.missing = null;
    }
    const stageMatches = counts.stageMatches;
    for (let i = 0; i < stageMatches.length; i++) m.stageMatches[i] += stageMatches[i];
    m.untilMatches += counts.untilMatches;
    m.untimed += counts.untimed;
    m.eventMatches += counts.eventMatches;
    if (counts.nearMiss) {
      m.nearMiss ??= counts.nearMiss.map((row) => row.map(() => 0));
      counts.nearMiss.forEach((row, s) => row.forEach((n, i) => (m.nearMiss![s][i] += n)));
    }
  }

  // Collectors that drain often (one batch at a time) never reach the budget themselves:
  // the correlator holds everything, so it enforces the budget and event windows too.
  #hold(q: number, m: Merged, incoming: Candidate[]): void {
    m.held += incoming.length;
    if (m.window) {
      this.#holdWindow(m, incoming);
      return;
    }
    const spec = this.#specs[q];
    if (m.held <= (spec.budget ?? DEFAULT_BUDGET)) {
      if (m.missing) holdMissingApart(spec.query, m.missing, m.store, incoming);
      else m.store.pushAll(incoming);
      return;
    }
    this.#trip(spec, m);
  }

  /** An event query's candidates (`held` already counts them): the window of them is kept. */
  #holdWindow(m: Merged, incoming: Candidate[]): void {
    m.candidates.push(incoming);
    if (m.held >= 2 * m.window!.keep + 64) {
      m.candidates = [trimToWindow(m.candidates.flat(), m.window!)];
      m.held = m.candidates[0].length;
    }
  }

  #trip(spec: QuerySpec, m: Merged): void {
    let worst = 0;
    m.stageMatches.forEach((n, i) => {
      if (n > m.stageMatches[worst]) worst = i;
    });
    m.stopped = budgetMessage(
      spec,
      spec.query.stages[worst]?.text ?? '',
      worst,
      'candidate events',
    );
    m.store = new CandidateStore();
    m.missing = null;
  }

  finish(): ScanSummary {
    const outcomes = this.#specs.map((spec, q) => this.#outcome(spec, this.#merged[q]));
    return { events: this.#events, untimedByFile: { ...this.#untimedByFile }, outcomes };
  }

  #outcome(spec: QuerySpec, m: Merged): QueryOutcome {
    const query = spec.query;
    const size = spec.size ?? 10;
    let found: Result[] = [];
    let totalBeforePipes = 0;
    let run: ReturnType<typeof matchSequences> | null = null;
    let error = m.stopped;
    // A sequence is matched as its candidates are made, in order: only the pending ones are
    // ever objects at once.
    const streamed = error === null && query.kind === 'sequence';
    // Counted off the columns, before any candidate is made again.
    const keySets = streamed ? m.store.keySets(query.stages.length) : null;
    if (keySets && m.missing) {
      for (const [i, stage] of query.stages.entries())
        if (stage.missing) for (const k of m.missing.keys(i)) keySets[i].add(k);
    }
    const sorted = streamed ? [] : m.window ? m.candidates.flat() : m.store.take();
    m.candidates = [];
    if (query.kind !== 'sample') sorted.sort(compareOrdinal);
    if (keySets) {
      const it = m.store.takeSorted(startedBy(query, keySets));
      // Not closed when the matcher stops early on its budget: the store still empties.
      run = matchSequences(
        spec,
        { [Symbol.iterator]: () => ({ next: () => it.next() }) },
        m.missing ?? undefined,
      );
      m.missing = null;
      while (!it.next().done);
      error = run.error;
      found = run.completed.map((seq): SequenceResult => ({
        join_keys: sequenceKeyValues(seq.key, query.stages[0]),
        events: seq.matches.map((c) => (c ? evidenceOf(c) : { missing: true as const })),
      }));
      totalBeforePipes = found.length;
    } else if (error === null) {
      if (query.kind === 'event') {
        found = sorted.map((c) => ({ events: [evidenceOf(c)] }));
        totalBeforePipes = m.eventMatches;
      } else if (query.kind === 'sequence') {
        run = matchSequences(spec, sorted);
        error = run.error;
        found = run.completed.map((seq): SequenceResult => ({
          join_keys: sequenceKeyValues(seq.key, query.stages[0]),
          events: seq.matches.map((c) => (c ? evidenceOf(c) : { missing: true as const })),
        }));
        totalBeforePipes = found.length;
      } else {
        found = matchSamples(query.stages.length, sorted, spec.maxSamplesPerKey ?? 1);
        totalBeforePipes = found.length;
      }
    }
    // Event queries kept only the window their first pipe can return; count the rest.
    const piped = applyPipes(found, query.pipes);
    const total = query.kind === 'event' ? pipedCount(totalBeforePipes, query.pipes) : piped.length;
    const { kept } = applySize(piped, size);
    return {
      id: spec.id,
      kind: query.kind,
      results: error === null ? kept : [],
      total: error === null ? total : 0,
      more: error === null ? total - kept.length : 0,
      stats: this.#stats(spec, m, keySets ?? keysOf(spec, sorted), run),
      error,
    };
  }

  #stats(
    spec: QuerySpec,
    m: Merged,
    keySets: readonly Set<string>[],
    run: ReturnType<typeof matchSequences> | null,
  ): QueryStats {
    const stages = spec.query.stages.map((stage, i): StageStats => {
      const nearMiss = m.nearMiss?.[i];
      const conjuncts = spec.nearMiss?.[i];
      return {
        stage: i,
        text: stage.text,
        missing: stage.missing,
        matched: m.stageMatches[i],
        distinctKeys: keySets[i].size,
        ...(nearMiss && conjuncts
          ? {
              nearMiss: {
                categoryEvents: nearMiss[0],
                conjuncts: conjuncts.map((c, j) => ({ text: c.text, satisfied: nearMiss[j + 1] })),
              },
            }
          : {}),
      };
    });
    return {
      stages,
      untilMatched: m.untilMatches,
      sequencesStarted: run?.started ?? 0,
      sequencesCompleted: run?.completed.length ?? 0,
      rejectedByMaxspan: run?.rejectedByMaxspan ?? 0,
      rejectedByUntil: run?.rejectedByUntil ?? 0,
      rejectedByMissing: run?.rejectedByMissing ?? 0,
      sequencesExpired: run?.expired ?? 0,
      untimed: m.untimed,
    };
  }
}

function pipedCount(n: number, pipes: QuerySpec['query']['pipes']): number {
  for (const p of pipes) n = Math.min(n, p.count);
  return n;
}

/** The distinct join keys each stage's candidates hold. */
function keysOf(spec: QuerySpec, sorted: readonly Candidate[]): Set<string>[] {
  const keySets = spec.query.stages.map(() => new Set<string>());
  for (const c of sorted) addKeys(c, keySets);
  return keySets;
}

function addKeys(c: Candidate, keySets: readonly Set<string>[]): void {
  for (const h of c.hits) if (h.stage >= 0) for (const k of h.keys) keySets[h.stage].add(k);
}

/**
 * Which candidates a sequence's matcher can use: every other stage only ever extends, or
 * (a missing-event stage) rules out, a sequence of its own key, so its candidates whose key
 * no first-stage candidate has are skipped unmade (a broad second or missing stage is most
 * of a large rule set's candidates, and its first stage often never matches). Until events
 * always count. The matcher's pending count, sweeps and budget only move on the candidates
 * kept, so its run is the same.
 */
function startedBy(
  query: QuerySpec['query'],
  keySets: readonly Set<string>[],
): ((stage: number, key: string) => boolean) | undefined {
  const first = query.stages.findIndex((s) => !s.missing);
  if (first < 0) return undefined;
  const started = keySets[first];
  return (stage, key) => stage < 0 || stage === first || started.has(key);
}

function missingTimesFor(query: QuerySpec['query']): MissingTimes | null {
  if (query.kind !== 'sequence' || !query.stages.some((s) => s.missing)) return null;
  return new MissingTimes(query.stages.length);
}

/**
 * A candidate that only matched a missing stage is needed for its time alone: that goes to
 * `times`, every other candidate to the store. The matcher reads both, so its run is the same.
 */
function holdMissingApart(
  query: QuerySpec['query'],
  times: MissingTimes,
  store: CandidateStore,
  incoming: readonly Candidate[],
): void {
  for (const c of incoming) {
    const stage = c.hits.length === 1 ? c.hits[0].stage : -1;
    if (stage < 0 || !query.stages[stage].missing) {
      store.push(c);
      continue;
    }
    for (const k of c.hits[0].keys) times.add(stage, k, c.ts);
  }
}
