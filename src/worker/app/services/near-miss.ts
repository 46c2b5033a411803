// The near-miss counts a scan leaves for later (near-miss-pass.ts): taken in the background
// once the scan has saved its alerts, here and on the pool's other worker when there is one:
// each takes the next stored chunk not yet taken (the other reads it itself) and the counts
// are added here (with one worker counting, the count took ~3 s after the alerts of a 100k
// scan with Elastic's Windows rules, bench/README, h13r). The page asks for them
// (`nearMissCounts`) whenever it shows reports that wait for them, so counts cut off by a
// reload, a closed tab or a dead worker are taken again from the stored events: a stored
// report is either complete or says that its counts are coming (or why they cannot).
import { proxy } from 'comlink';
import type { Rule } from '../../../rules/index.ts';
import type { StoredReport } from '../model.ts';
import { type Peer, type Peers } from '../helpers.ts';
import type { EventBatch } from '../correlate.ts';
import {
  addCounts,
  claimedEvents,
  completeReports,
  countNearMisses,
  storedChunks,
  storedEvents,
  type ClaimChunk,
  type NearMissCounts,
} from '../near-miss-pass.ts';
import { runnable } from '../rule-view.ts';
import type { RunnableRule } from '../model.ts';
import { ruleLanguage, type ServiceContext } from './context.ts';

interface Run {
  id: string;
  controller: AbortController;
  done: Promise<boolean>;
}

/** The count the session's reports wait for, if any (the first: there is one at a time). */
function waitingFor(reports: readonly StoredReport[]): StoredReport['counting'] | null {
  return reports.find((r) => r.counting && !r.counting.unavailable)?.counting ?? null;
}

export class NearMissService {
  /** The counts running here or on a peer, by session. */
  readonly #runs = new Map<string, Run>();
  /** Work during which no count starts (scans, runs of rules, deletes): counts wait for it. */
  readonly #holds = new Set<Promise<unknown>>();
  /** Counts this worker takes for another (as a peer), by session, to stop on `cancelCounts`. */
  readonly #here = new Map<AbortController, string>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly peers: Peers,
  ) {}

  /**
   * Completes the session's waiting reports, starting their count unless it runs; resolves
   * once it has ended: true when no report waits any more.
   */
  async counted(sessionId: string): Promise<boolean> {
    const repos = await this.ctx.repos();
    for (;;) {
      while (this.#holds.size) await Promise.allSettled([...this.#holds]);
      const waiting = waitingFor(await repos.data.reports(sessionId));
      if (!waiting) return true;
      let run = this.#runs.get(sessionId);
      if (run?.id !== waiting.id) {
        run?.controller.abort();
        const controller = new AbortController();
        const done = this.#count(sessionId, waiting.id, controller.signal).finally(() => {
          if (this.#runs.get(sessionId)?.controller === controller) this.#runs.delete(sessionId);
        });
        run = { id: waiting.id, controller, done };
        this.#runs.set(sessionId, run);
      }
      // Stopped by other work (`hold`): counted again once it has ended, if still needed.
      if (!(await run.done) && !run.controller.signal.aborted)
        return !waitingFor(await repos.data.reports(sessionId));
    }
  }

  /** Starts the session's count in the background (after a scan). */
  start(sessionId: string): void {
    this.counted(sessionId).catch(() => undefined);
  }

  /** Stops every count and starts none until `work` has ended. */
  hold<T>(work: Promise<T>): Promise<T> {
    for (const run of this.#runs.values()) run.controller.abort();
    this.#runs.clear();
    this.#holds.add(work);
    void work.catch(() => undefined).finally(() => this.#holds.delete(work));
    return work;
  }

  async #count(sessionId: string, id: string, signal: AbortSignal): Promise<boolean> {
    // Events re-attached into memory live in this worker only: counted here alone.
    const alone = this.ctx.events.attached.files(sessionId).length > 0;
    const [peer] = alone ? [] : await this.peers.live(1);
    return this.#countIn(sessionId, id, signal, peer ?? null);
  }

  /**
   * A peer's side: counts the stored chunks `claim` hands out for `rules` (as the asking worker
   * compiled them, in its order); null when stopped or a rule does not compile.
   */
  async countChunks(
    sessionId: string,
    rules: readonly Rule[],
    claim: ClaimChunk,
  ): Promise<NearMissCounts | null> {
    const controller = new AbortController();
    this.#here.set(controller, sessionId);
    try {
      const runnables = rules.map((r) => runnable(r, ruleLanguage));
      if (runnables.some((r) => r === null)) return null;
      const repos = await this.ctx.repos();
      return await countNearMisses(
        runnables as RunnableRule[],
        claimedEvents(repos, sessionId, claim),
        controller.signal,
      );
    } finally {
      this.#here.delete(controller);
    }
  }

  async cancelCounts(sessionId: string): Promise<void> {
    for (const [c, id] of this.#here) if (id === sessionId) c.abort();
  }

  /** The peer's count of the chunks it claims; null when it failed, died or was stopped. */
  async #peerCount(
    peer: Peer,
    sessionId: string,
    rules: readonly Rule[],
    claim: ClaimChunk,
    signal: AbortSignal,
  ): Promise<NearMissCounts | null> {
    if (signal.aborted) return null;
    const stop = () => void peer.api.cancelCounts(sessionId).catch(() => undefined);
    signal.addEventListener('abort', stop, { once: true });
    try {
      return await Promise.race([
        peer.api.countNearMissChunks(
          sessionId,
          [...rules],
          proxy(async () => claim()),
        ),
        peer.gone,
      ]);
    } catch {
      return null;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  /**
   * Counts the reports of `id` and writes them complete; false when stopped or not needed.
   * With a peer, both workers count the stored chunks, each taking the next one not yet
   * taken, and the counts are added (they add up exactly: sums of events).
   */
  async #countIn(
    sessionId: string,
    id: string,
    signal: AbortSignal,
    peer: Peer | null,
  ): Promise<boolean> {
    const repos = await this.ctx.repos();
    const reports = await repos.data.reports(sessionId);
    const waiting = reports.filter((r) => r.counting?.id === id && !r.counting.unavailable);
    if (!waiting.length || signal.aborted) return false;
    const files = waiting[0].counting!.files;
    const ids = new Set(waiting.map((r) => r.ruleId));
    // The rules as they are now (those switched off too: an imported case brings its rules
    // switched off); a rule changed since the scan is not counted (completeReports says so).
    const chosen: { rule: Rule; runnable: RunnableRule }[] = [];
    for (const r of await this.ctx.rules()) {
      if (!ids.has(r.id)) continue;
      const rule = { ...r, enabled: true };
      const compiled = runnable(rule, ruleLanguage);
      if (compiled) chosen.push({ rule, runnable: compiled });
    }
    const rules = chosen.map((c) => c.runnable);
    let got: NearMissCounts | null;
    if (peer) {
      // Both workers take the next chunk not yet taken, so the one less busy counts more.
      const numbers = await storedChunks(repos, sessionId, files);
      let next = 0;
      const claim = () => (signal.aborted || next >= numbers.length ? -1 : numbers[next++]);
      const theirs: number[] = [];
      const counting = this.#peerCount(
        peer,
        sessionId,
        chosen.map((c) => c.rule),
        () => {
          const n = claim();
          if (n >= 0) theirs.push(n);
          return n;
        },
        signal,
      );
      const mine = await countNearMisses(rules, claimedEvents(repos, sessionId, claim), signal);
      let other = await counting;
      if (!other && mine && !signal.aborted) {
        // The peer failed or died: the chunks it took are counted here.
        let i = 0;
        const again = () => (i < theirs.length ? theirs[i++] : -1);
        other = await countNearMisses(rules, claimedEvents(repos, sessionId, again), signal);
      }
      got = mine && other && addCounts(mine, other);
    } else {
      const wanted = new Set(files);
      const ctx = this.ctx;
      async function* events(): AsyncGenerator<EventBatch> {
        for await (const b of ctx.events.attached.batches(sessionId))
          if (wanted.has(b.file)) yield b;
        yield* storedEvents(repos, sessionId, files);
      }
      got = await countNearMisses(rules, events(), signal);
    }
    if (!got || signal.aborted) return false;
    const counted = new Map(rules.map((rule, q) => [rule.id, { rule, counts: got.counts[q] }]));
    const profile = await repos.data.profile(sessionId);
    return repos.data.updateReports(sessionId, (stored) =>
      stored.some((r) => r.counting?.id === id && !r.counting.unavailable)
        ? completeReports(stored, id, counted, got.events, profile)
        : null,
    );
  }
}
