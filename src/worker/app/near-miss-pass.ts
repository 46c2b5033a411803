// Near-miss counts ("why silent": per stage, the events of its category and how many each
// top-level condition held for) taken after a scan, from the events it stored, instead of
// during it: the scan's alerts then come without waiting for them (with Elastic's Windows
// rules they were a fifth of the scanning worker). The counts are the ones the scan's own
// collector took before: the same NearMissPlan over the same events (counts add up, so their
// order does not matter), the files counted being those the scan read.
import { nearMissQueries } from '../../engine/collector.ts';
import { NearMissPlan } from '../../engine/plan/near-miss-plan.ts';
import type { FieldProfile } from '../../ingest/types.ts';
import { CHUNKS_PER_FILE } from './chunker.ts';
import { querySpecs, type EventBatch } from './correlate.ts';
import type { RunnableRule, StoredReport } from './model.ts';
import { completeReport, sameStages } from './report.ts';
import type { Repos } from './repos.ts';

export interface NearMissCounts {
  /** Events counted. */
  events: number;
  /** Per rule: per stage [events of its category, then per conjunct the events it held for]. */
  counts: (number[][] | null)[];
}

/** The next stored chunk to count (its number), or -1 when none is left. */
export type ClaimChunk = () => number | Promise<number>;

/** The counts of two parts of the same rules' events, added (counts add up exactly). */
export function addCounts(a: NearMissCounts, b: NearMissCounts): NearMissCounts {
  return {
    events: a.events + b.events,
    counts: a.counts.map((rule, q) => {
      const other = b.counts[q];
      return rule && other ? rule.map((row, s) => row.map((n, i) => n + other[s][i])) : rule;
    }),
  };
}

/** Lets other calls (a cancel, the page's reads) in between chunks. */
const breathe = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Counts the near misses of `rules` over `batches`; null once `signal` is aborted. */
export async function countNearMisses(
  rules: readonly RunnableRule[],
  batches: AsyncIterable<EventBatch> | Iterable<EventBatch>,
  signal?: AbortSignal,
): Promise<NearMissCounts | null> {
  const plan = new NearMissPlan(nearMissQueries(querySpecs(rules)));
  let events = 0;
  for await (const batch of batches) {
    if (signal?.aborted) return null;
    for (const doc of batch.docs) plan.add(doc);
    events += batch.docs.length;
    await breathe();
  }
  if (signal?.aborted) return null;
  return { events, counts: plan.take() };
}

/** The numbers of the stored chunks of files `files` of the session, in chunk order. */
export async function storedChunks(
  repos: Repos,
  sessionId: string,
  files: readonly number[],
): Promise<number[]> {
  const wanted = new Set(files);
  return (await repos.events.chunkNumbers(sessionId)).filter((n) =>
    wanted.has(Math.floor(n / CHUNKS_PER_FILE)),
  );
}

/** The stored events of files `files` of the session, chunk by chunk in chunk order. */
export async function* storedEvents(
  repos: Repos,
  sessionId: string,
  files: readonly number[],
): AsyncGenerator<EventBatch> {
  const numbers = await storedChunks(repos, sessionId, files);
  let i = 0;
  yield* claimedEvents(repos, sessionId, () => (i < numbers.length ? numbers[i++] : -1));
}

/**
 * The events of the stored chunks `claim` hands out, until it says none is left. Two workers
 * claiming from one list count a session's chunks between them, each as fast as it can: the
 * next claim is asked for before the chunk claimed is counted, so a claim answered late (by a
 * busy worker) costs no wait.
 */
export async function* claimedEvents(
  repos: Repos,
  sessionId: string,
  claim: ClaimChunk,
): AsyncGenerator<EventBatch> {
  const ask = () => {
    const n = new Promise<number>((resolve) => resolve(claim()));
    // Not awaited when the count stops first: a failure then is nobody's.
    n.catch(() => undefined);
    return n;
  };
  let next = ask();
  for (;;) {
    const n = await next;
    if (n < 0) return;
    next = ask();
    // The count reads events only: raw records stored apart are not read back.
    const chunk = await repos.events.chunkEvents(sessionId, n);
    if (chunk) yield { file: chunk.file, firstRecord: 0, docs: chunk.events, lines: [], raws: [] };
  }
}

/** Said on a waiting report whose rule is gone or changed since the scan. */
export const RULE_CHANGED =
  'The rule was changed or removed after this scan: re-run the rules to count why it stayed silent.';

/**
 * The session's reports with those waiting for count `id` completed from `counted` (rules by
 * id, with their counts); a waiting report whose rule was not counted says why instead.
 */
export function completeReports(
  reports: readonly StoredReport[],
  id: string,
  counted: ReadonlyMap<string, { rule: RunnableRule; counts: number[][] | null }>,
  events: number,
  profile: FieldProfile | null,
): StoredReport[] {
  return reports.map((report) => {
    if (report.counting?.id !== id || report.counting.unavailable) return report;
    const got = counted.get(report.ruleId);
    if (!got || !sameStages(got.rule, report))
      return { ...report, counting: { ...report.counting, unavailable: RULE_CHANGED } };
    // No event read: the scan's correlator had no counts either, and the stages none.
    return completeReport(got.rule, report, events > 0 ? got.counts : null, profile);
  });
}
