// The engine run behind scans, re-runs and hunts. Events go through a Collector in batches;
// each drained batch travels with the file/line/original record of its candidates (a
// CandidateFeed, structured-clone safe, so collectors can live in other workers), and one
// CorrelationRun merges the feeds and turns the engine's results into alerts with evidence.
import type { Doc } from '../../eql/compiled.ts';
import { Collector, Correlator } from '../../engine/index.ts';
import { aggregateOutcome } from '../../engine/aggregate.ts';
import type { CandidateBatch, QueryOutcome, QuerySpec, Result } from '../../engine/types.ts';
import { rawRecord } from '../../ingest/evtx/record-xml.ts';
import { isEvtxRecordRef } from '../../case/evtx-record.ts';
import type { BatchInfo, IngestedEvent } from '../../ingest/types.ts';
import { buildAlert } from './evidence.ts';
import { firstText } from './fields.ts';
import type { AlertBody, EventMeta, Language, RunnableRule } from './model.ts';

/** Events of one file, in read order, from record `firstRecord` on. */
export interface EventBatch {
  file: number;
  firstRecord: number;
  docs: Doc[];
  lines: number[];
  raws: unknown[];
  /** The source text of each raw record, where ingest had it (see IngestedEvent.text). */
  texts?: (string | undefined)[];
  /** Where each text is an NDJSON line of the file itself: its byte offset (BatchInfo). */
  offsets?: number[];
}

/** Numbers one file's ingested events in read order, batch by batch. */
export class FileBatches {
  /** Events numbered so far (from `read` on: a range of a file goes on from the one before). */
  constructor(
    private readonly file: number,
    public read = 0,
  ) {}

  next(events: readonly IngestedEvent[], info?: BatchInfo): EventBatch {
    const at = info?.linesAt ?? null;
    const batch: EventBatch = {
      file: this.file,
      firstRecord: this.read,
      docs: events.map((e) => e.doc),
      lines: events.map((e) => e.line),
      raws: events.map((e) => e.raw),
      texts: events.map((e) => e.text),
      ...(at === null ? {} : { offsets: events.map((e) => e.offset + at) }),
    };
    this.read += events.length;
    return batch;
  }
}

export interface CandidateFeed {
  batch: CandidateBatch;
  /** `file:record` → where the candidate came from. */
  metas: Record<string, { line: number; raw: unknown; evtx?: true }>;
}

/**
 * Where a helper hands each feed, with how far its reading has come (bytes of the file,
 * events read) up to that feed. A promise it returns is the scanning worker's answer.
 */
export type OnFeed = (
  feed: CandidateFeed,
  progress: { bytes: number; events: number },
) => void | Promise<void>;

/** Hosts listed per stage at most; a report names a few, it does not inventory a fleet. */
const MAX_HOSTS = 50;

/**
 * Above this many candidates a provisional correlation is no longer cheap (it re-sorts and
 * re-matches everything each time, and the batches kept for it would double what a wide
 * event rule holds), so a run past it stops offering provisional alerts and frees its copy;
 * the final correlation is unaffected.
 */
export const PROVISIONAL_MAX_CANDIDATES = 200_000;

/**
 * Rule sets with at least this many rules whose near misses are counted count them after the
 * scan (near-miss-pass.ts), smaller ones while collecting. Counting after costs a second read of
 * the stored events (~1.5 CPU s per 100k events in the page) but takes the counting off the
 * scan: Elastic's 391 Windows rules counted in the scan cost ~4.5 of its ~12 CPU s, the two
 * built-in rules nothing measurable.
 */
export const NEAR_MISS_AFTER_RULES = 100;

/** Whether a scan of `rules` leaves the near-miss counts for after it (both sides decide alike). */
export function nearMissAfter(rules: readonly RunnableRule[]): boolean {
  return rules.filter((r) => r.conjuncts.some((c) => c.length)).length >= NEAR_MISS_AFTER_RULES;
}

/**
 * The engine's specs of `rules`. With `nearMiss` false no near misses are counted (a scan's
 * collectors: the page counts them after the scan, from the stored events, near-miss-pass.ts).
 */
export function querySpecs(
  rules: readonly RunnableRule[],
  size?: number,
  nearMiss = true,
): QuerySpec[] {
  return rules.map((r) => ({
    id: r.id,
    name: r.name,
    query: r.query,
    // An aggregation needs every match of its query; its own alerts are cut to max_signals.
    size: r.aggregation ? Infinity : (size ?? r.maxSignals),
    maxSamplesPerKey: r.maxSamplesPerKey ?? 1,
    ...(nearMiss && r.conjuncts.some((c) => c.length) ? { nearMiss: r.conjuncts } : {}),
  }));
}

/** Collects one batch of events and hands over what the correlator needs of it. */
export function collectBatch(collector: Collector, events: EventBatch): CandidateFeed {
  events.docs.forEach((doc, i) =>
    collector.add(doc, { file: events.file, record: events.firstRecord + i }),
  );
  const batch = collector.drain();
  const metas: CandidateFeed['metas'] = {};
  for (const list of batch.candidates) {
    for (const c of list) {
      const i = c.record - events.firstRecord;
      if (c.file === events.file && i >= 0 && i < events.docs.length) {
        // Evidence shows a raw .evtx record as its XML text: rendered here, for candidates only.
        const raw = events.raws[i];
        metas[`${c.file}:${c.record}`] = {
          line: events.lines[i],
          raw: rawRecord(raw),
          ...(isEvtxRecordRef(raw) ? { evtx: true as const } : {}),
        };
      }
    }
  }
  return { batch, metas };
}

/** Kept-batch tags: a batch without candidates, or one whose candidates span files. */
const NO_FILE = -1;
const MIXED = -2;

export interface CorrelationResult {
  alerts: AlertBody[][];
  outcomes: QueryOutcome[];
  /** Per rule, per stage: hosts seen among the stage's matches. */
  stageHosts: string[][][];
  events: number;
}

export class CorrelationRun {
  readonly #rules: readonly RunnableRule[];
  readonly #correlator: Correlator;
  readonly #metas = new WeakMap<Doc, EventMeta>();
  readonly #hosts: Set<string>[][];
  #collector: Collector | null = null;
  #events = 0;
  /** Every batch merged so far, for provisional runs; null once past the cap. */
  #kept: CandidateBatch[] | null = [];
  /** Per kept batch: the one file its candidates come from, or MIXED. */
  #keptFiles: number[] = [];
  #keptCandidates = 0;
  /**
   * Alerts built so far, per rule, by their result's first event: previews, checkpoints and
   * the final correlation return mostly the same results, and building one (its evidence,
   * and with a language each step's explanation) costs more than finding it again here.
   */
  #built: WeakMap<object, { result: Result; alert: AlertBody }[]>[] = [];
  /** What the alerts in `#built` were built with; another context starts it afresh. */
  #builtWith: { sessionId: string; fileName: unknown; language: unknown } | null = null;

  /** `nearMiss` false: no near-miss counts (see querySpecs); the reports then wait for them. */
  constructor(rules: readonly RunnableRule[], size?: number, nearMiss = true) {
    this.#rules = rules;
    const specs = querySpecs(rules, size, nearMiss);
    this.#correlator = new Correlator(specs);
    this.#hosts = rules.map((r) => r.query.stages.map(() => new Set<string>()));
    this.specs = specs;
  }

  readonly specs: QuerySpec[];

  /** Events offered so far. */
  get eventCount(): number {
    return this.#events;
  }

  /** Collects and merges one batch here, in this thread. */
  addEvents(events: EventBatch): void {
    this.#collector ??= new Collector(this.specs);
    this.addFeed(collectBatch(this.#collector, events));
  }

  /** Merges a feed collected anywhere. */
  addFeed(feed: CandidateFeed): void {
    const { batch, metas } = feed;
    this.#events += batch.events;
    batch.candidates.forEach((list, q) => {
      const hosts = this.#hosts[q];
      for (const c of list) {
        // Collectors here keep documents (the default); a stub has nothing to show as evidence.
        if (!c.doc) continue;
        const m = metas[`${c.file}:${c.record}`];
        this.#metas.set(c.doc, {
          file: c.file,
          record: c.record,
          line: m?.line ?? 0,
          raw: m?.raw ?? null,
          ...(m?.evtx ? { evtx: true as const } : {}),
        });
        const host = firstText(c.doc, ['host.name', 'host.hostname', 'host.id']);
        if (!host) continue;
        for (const h of c.hits) {
          const set = h.stage >= 0 ? hosts[h.stage] : undefined;
          if (set && set.size < MAX_HOSTS) set.add(host);
        }
      }
    });
    this.#correlator.add(batch);
    this.#keep(batch);
  }

  #keep(batch: CandidateBatch): void {
    if (!this.#kept) return;
    let file = NO_FILE;
    for (const list of batch.candidates) {
      this.#keptCandidates += list.length;
      for (const c of list) file = file === NO_FILE || file === c.file ? c.file : MIXED;
    }
    if (this.#keptCandidates > PROVISIONAL_MAX_CANDIDATES) {
      this.#kept = null;
      this.#keptFiles = [];
    } else {
      this.#kept.push(batch);
      this.#keptFiles.push(file);
    }
  }

  /** Candidates merged so far (counted while under the provisional cap). */
  get candidateCount(): number {
    return this.#keptCandidates;
  }

  /** Whether `provisional` can still answer (the candidates stayed under the cap). */
  get canPreview(): boolean {
    return this.#kept !== null;
  }

  /**
   * The alerts the events merged so far would give, from a fresh correlator over the same
   * batches (the engine's correlator is single-use, and this run's own must stay open).
   * Later events can still change them, so the final `finish` is the answer; null when
   * past the cap.
   */
  provisional(
    sessionId: string,
    fileName: (file: number) => string,
    language?: Pick<Language, 'explain'>,
  ): AlertBody[][] | null {
    if (!this.#kept) return null;
    const correlator = new Correlator(this.specs);
    for (const batch of this.#kept) correlator.add(batch);
    return this.#alerts(correlator.finish().outcomes, sessionId, fileName, language);
  }

  /**
   * The alerts of the files `final` accepts alone, as if the others had not been dropped: what
   * a checkpoint saves while other files are still being read. Null when past the cap.
   */
  finalAlerts(
    final: (file: number) => boolean,
    sessionId: string,
    fileName: (file: number) => string,
    language?: Pick<Language, 'explain'>,
  ): AlertBody[][] | null {
    if (!this.#kept) return null;
    const correlator = new Correlator(this.specs);
    this.#kept.forEach((batch, i) => {
      const file = this.#keptFiles[i];
      if (file === NO_FILE || (file !== MIXED && !final(file))) return;
      correlator.add(
        file === MIXED
          ? { ...batch, candidates: batch.candidates.map((l) => l.filter((c) => final(c.file))) }
          : batch,
      );
    });
    return this.#alerts(correlator.finish().outcomes, sessionId, fileName, language);
  }

  /** Whether every kept candidate comes from a file `final` accepts. */
  allFinal(final: (file: number) => boolean): boolean {
    return this.#keptFiles.every((f) => f === NO_FILE || (f !== MIXED && final(f)));
  }

  finish(
    sessionId: string,
    fileName: (file: number) => string,
    language?: Pick<Language, 'explain'>,
  ): CorrelationResult {
    this.#kept = null;
    this.#keptFiles = [];
    const summary = this.#correlator.finish();
    return {
      alerts: this.#alerts(summary.outcomes, sessionId, fileName, language),
      outcomes: summary.outcomes,
      stageHosts: this.#hosts.map((stages) => stages.map((s) => [...s].sort())),
      events: summary.events,
    };
  }

  #alerts(
    outcomes: readonly QueryOutcome[],
    sessionId: string,
    fileName: (file: number) => string,
    language?: Pick<Language, 'explain'>,
  ): AlertBody[][] {
    const ctx = { sessionId, metaOf: (doc: Doc) => this.#metas.get(doc), fileName, language };
    const w = this.#builtWith;
    if (!w || w.sessionId !== sessionId || w.fileName !== fileName || w.language !== language) {
      this.#builtWith = { sessionId, fileName, language };
      this.#built = this.#rules.map(() => new WeakMap());
    }
    return outcomes.map((engineOutcome, q) => {
      const rule = this.#rules[q];
      const outcome = rule.aggregation
        ? aggregateOutcome(engineOutcome, rule.aggregation, rule.query, rule.maxSignals)
        : engineOutcome;
      const seen = new Set<string>();
      const out: AlertBody[] = [];
      const built = this.#built[q];
      for (const result of outcome.results) {
        const first = result.events[0] as object;
        let same = built.get(first);
        let alert = same?.find((b) => sameResult(b.result, result))?.alert;
        if (!alert) {
          alert = buildAlert(rule, result, ctx);
          if (!same) built.set(first, (same = []));
          same.push({ result, alert });
        }
        // The same events matched twice (e.g. repeated stages) are one alert, not two.
        if (seen.has(alert.id)) continue;
        seen.add(alert.id);
        out.push(alert);
      }
      return out;
    });
  }
}

/** Whether two results hold the same events (missing stages alike) and join keys. */
function sameResult(a: Result, b: Result): boolean {
  if (a.events.length !== b.events.length) return false;
  for (let i = 0; i < a.events.length; i++) {
    const x = a.events[i];
    const y = b.events[i];
    if (x !== y && !('missing' in x && x.missing === true && 'missing' in y && y.missing === true))
      return false;
  }
  const ka = 'join_keys' in a ? a.join_keys : [];
  const kb = 'join_keys' in b ? b.join_keys : [];
  return ka.length === kb.length && ka.every((k, i) => Object.is(k, kb[i]));
}
