// The helper's half of a spread scan: read one file here (ingest, hash, store its chunks,
// collect candidates for the rules) and hand each batch's CandidateFeed to the worker that
// correlates (or one range of a large .evtx: collectRange). The rules come as plain Rule
// objects and are compiled here the same way.
import { Collector, planFor } from '../../engine/index.ts';
import type { RulePlan } from '../../engine/plan/rule-plan.ts';
import type { QuerySpec } from '../../engine/types.ts';
import type { BatchInfo, IngestedEvent } from '../../ingest/types.ts';
import type { Rule } from '../../rules/model.ts';
import { collectBatch, FileBatches, nearMissAfter, querySpecs, type OnFeed } from './correlate.ts';
import { hashWhileReading } from './digest.ts';
import { ChunkStore } from './chunk-store.ts';
import { errorText, isAbort } from './file-summary.ts';
import type { EventChunk, Language, RunnableRule } from './model.ts';
import { asBlob, ChunkBuilder, READ_BATCH } from './chunker.ts';
import { OneBehind } from './one-behind.ts';
import type { Dedupe, IngestFn, RemoteJob, RemoteResult, ScanFile } from './scan-request.ts';
import { readRange, type RangeBase, type RangeJob, type RangeRead } from './split-read.ts';
import { recordKey } from '../../ingest/record-key.ts';
import { readSoFar } from '../../ingest/bytes.ts';
import { runnable } from './rule-view.ts';

export interface CollectContext {
  ingest: IngestFn;
  putChunk(chunk: EventChunk): Promise<void>;
  language: (rule: Rule) => Language;
  signal: AbortSignal;
}

/** The rules a scan runs, in order; both sides compile the same list to the same specs. */
export function runnableRules(rules: readonly Rule[], language: (rule: Rule) => Language) {
  return rules.map((r) => runnable(r, language)).filter((r): r is RunnableRule => r !== null);
}

export async function collectFile(
  job: RemoteJob & { rules: Rule[] },
  onFeed: OnFeed,
  ctx: CollectContext,
  dedupe: Dedupe = () => [],
): Promise<RemoteResult> {
  // As the scanning worker's own: near misses counted here unless the scan counts them after.
  const collector = helperCollector(job.rules, ctx.language);
  // Hashed by the scanning worker already, or here from the bytes read.
  const hashed = job.sha256 !== undefined ? null : hashWhileReading(job.file);
  const batches = new FileBatches(job.fileIndex);
  let bytes = 0;
  const chunks = new ChunkBuilder(job.sessionId, job.fileIndex, job.chunkSize, 0, asBlob(job.file));
  const store = new ChunkStore(ctx.putChunk);
  // The correlating worker answers between its own batches, so each answer comes late: the
  // reading runs up to FEEDS_AHEAD batches ahead (see OneBehind), each batch's dedupe question
  // asked as it is read, and a feed is sent without waiting for its answer. Batches are still
  // taken in order; the questions bound how far this reader can get ahead of that worker.
  // Progress says the bytes read up to each batch as it is taken, not the reading's lead.
  const feeds = new FeedsSent();
  const behind = new OneBehind(async ({ all, info, asked, upTo }: Read) => {
    // The scanning worker knows the whole case: it says which records it holds already.
    const repeated = new Set(await asked);
    feeds.check();
    const events = repeated.size ? all.filter((_, j) => !repeated.has(j)) : all;
    if (!events.length) return;
    const batch = batches.next(events, info);
    feeds.send(onFeed(collectBatch(collector, batch), { bytes: upTo, events: batches.read }));
    await store.add(chunks.add(batch));
  }, FEEDS_AHEAD);
  const read = (all: IngestedEvent[], info: BatchInfo): Read => {
    const asked = Promise.resolve().then(() => dedupe(all.map(recordKey)));
    // Awaited when its batch is taken; not an unhandled rejection meanwhile.
    asked.catch(() => undefined);
    return { all, info, asked, upTo: bytes };
  };
  try {
    const diagnostics = await behind.after(
      ctx.ingest(
        hashed?.source ?? {
          name: job.file.name,
          size: job.file.size,
          stream: () => job.file.stream(),
        },
        (events, info) => behind.push(read(events, info)),
        {
          signal: ctx.signal,
          batchSize: Math.min(job.chunkSize, READ_BATCH),
          keepText: true,
          onProgress: (n) => {
            bytes = n;
          },
        },
      ),
    );
    await store.add(chunks.flush());
    await store.settled();
    // Every feed is in before the result that ends the file there.
    await feeds.settled();
    return {
      diagnostics,
      sha256: hashed ? await hashed.digest() : job.sha256!,
      records: batches.read,
      error: null,
      cancelled: false,
      storage: store.storage,
    };
  } catch (error) {
    const cancelled = isAbort(error, ctx.signal);
    await feeds.settled().catch(() => undefined);
    // Cancelled too: the events fed are counted, and a cancelled file kept is what is stored.
    await store
      .add(chunks.flush())
      .then(() => store.settled())
      .catch(() => undefined);
    return {
      // Cancelled: what it read until then (its counts are the events handed on).
      diagnostics: cancelled ? readSoFar(error) : null,
      sha256: null,
      records: batches.read,
      error: cancelled ? null : errorText(error),
      cancelled,
      storage: store.storage,
    };
  }
}

/** A batch a helper has read, its dedupe question asked, and the bytes read up to it. */
interface Read {
  all: IngestedEvent[];
  info: BatchInfo;
  asked: Promise<number[]>;
  upTo: number;
}

/** Batches a helper reads ahead of the correlating worker's answers (500 events each). */
const FEEDS_AHEAD = 4;

/** The feeds sent to the correlating worker whose answers have not come. */
class FeedsSent {
  #last: Promise<void> = Promise.resolve();
  #failed: { error: unknown } | null = null;

  send(answer: void | Promise<void>): void {
    const sent = Promise.resolve(answer).catch((error: unknown) => {
      this.#failed ??= { error };
    });
    this.#last = Promise.all([this.#last, sent]).then(() => undefined);
  }

  /** Throws what a feed's answer failed with, once it has come. */
  check(): void {
    if (this.#failed) throw this.#failed.error;
  }

  /** Every answer has come; rejects with the first failure. */
  async settled(): Promise<void> {
    await this.#last;
    this.check();
  }
}

/** A helper's specs: near misses counted as the scanning worker counts them (nearMissAfter). */
function specsOf(rules: readonly RunnableRule[]) {
  return querySpecs(rules, undefined, !nearMissAfter(rules));
}

/** The rule lists a helper compiled and planned, by the list: a scan hands its helper one. */
const compiled = new WeakMap<readonly Rule[], { specs: QuerySpec[]; plan: RulePlan }>();

/**
 * A collector for one of a scan's files or a split file's ranges. They all come with the
 * scan's rules: compiled and planned once, not per file or range (Elastic's Windows rules
 * take ~40 ms to compile and ~16 ms to plan, and a folder has hundreds of files). A helper
 * reads one file or range at a time, so its collectors can share the plan.
 */
function helperCollector(rules: readonly Rule[], language: (rule: Rule) => Language): Collector {
  let known = compiled.get(rules);
  if (!known) {
    const specs = specsOf(runnableRules(rules, language));
    compiled.set(rules, (known = { specs, plan: planFor(specs) }));
  }
  return new Collector(known.specs, { plan: known.plan });
}

/**
 * The helper's part of a split file: one range, read as `readRange` reads it (numbered from
 * `base`), each batch collected here and its CandidateFeed handed to the correlating worker.
 */
export async function collectRange(
  job: RangeJob & { file: ScanFile; rules: Rule[] },
  base: () => Promise<RangeBase>,
  onFeed: OnFeed,
  ctx: CollectContext,
  dedupe: Dedupe = () => [],
  readEnded?: () => void,
  numbered?: (next: RangeBase) => void,
): Promise<RangeRead> {
  const collector = helperCollector(job.rules, ctx.language);
  const store = new ChunkStore(ctx.putChunk);
  const read = await readRange(
    job.file,
    job,
    base(),
    ctx.ingest,
    {
      dedupe,
      batch: (batch, bytes) =>
        onFeed(collectBatch(collector, batch), { bytes, events: batch.docs.length }),
      put: (chunk) => store.add(chunk),
      readEnded,
      numbered,
    },
    ctx.signal,
  );
  await store.settled();
  return { ...read, storage: store.storage };
}
