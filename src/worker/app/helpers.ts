// Spreads a scan's files over helper workers: the page's other pool workers, linked to this one
// by MessageChannels (see Peers). Each reads whole files and sends back CandidateFeeds. The page
// links them because a worker cannot always start workers of its own: from the single file
// opened from disk, nested workers never start. A helper that does not answer is left out and
// the scan runs with the rest, or in this worker alone, as on a one-core machine.
import { proxy, type Remote } from 'comlink';
import type { Rule } from '../../rules/model.ts';
import type { OnFeed } from './correlate.ts';
import type { NearMissCounts } from './near-miss-pass.ts';
import { answeredAtCancel } from './cancel-answer.ts';
import type { Dedupe, RemoteJob, RemoteReader, RemoteResult, ScanFile } from './scan-request.ts';
import type { RangeBase, RangeJob, RangeRead } from './split-read.ts';

/** What a helper serves for a spread scan (AppService.collectFile and cancelScan). */
export interface HelperApi {
  hello(): Promise<unknown>;
  cancelScan(): Promise<void>;
  /**
   * The scan's rules, sent once under a key its jobs name: with every file's job they were
   * copied (3.4 MB for Elastic's Windows rules) and compiled again for each file.
   */
  useRules(key: string, rules: Rule[]): Promise<void>;
  collectFile(
    job: RemoteJob & { rulesKey: string },
    onFeed: OnFeed,
    dedupe: Dedupe,
  ): Promise<RemoteResult>;
  /** The file's SHA-256 (digest.ts), taken in the helper's thread. */
  sha256(file: ScanFile): Promise<string | null>;
  collectRange(
    job: RangeJob & { file: ScanFile; rulesKey: string },
    base: () => Promise<RangeBase>,
    onFeed: OnFeed,
    dedupe: Dedupe,
    readEnded: () => void,
    numbered: (next: RangeBase) => void,
  ): Promise<RangeRead>;
  /**
   * Counts near misses of `rules` here over the stored chunks `claim` hands out, for the
   * worker that asks (services/near-miss.ts); null when stopped or a rule does not compile.
   */
  countNearMissChunks(
    sessionId: string,
    rules: Rule[],
    claim: () => Promise<number>,
  ): Promise<NearMissCounts | null>;
  /** Stops the session's counts `countNearMissChunks` runs here. */
  cancelCounts(sessionId: string): Promise<void>;
}

/** What a helper serves beside reading: the near-miss counts of services/near-miss.ts. */
export type PeerCounts = Pick<HelperApi, 'countNearMissChunks' | 'cancelCounts'>;

export interface Helpers {
  readers: RemoteReader[];
  /** Stops the helpers' reads; they stay up for the next scan. */
  cancel(): void;
}

/** A helper that takes longer than this to say hello has died or hangs. */
const HELLO_TIMEOUT_MS = 2_000;

/**
 * How many helpers a scan of `files` read units (files, or ranges of a large .evtx) is worth:
 * none for one unit or a one-core machine.
 */
export function helperCount(
  files: number,
  bytes: number,
  cores = globalThis.navigator?.hardwareConcurrency ?? 1,
) {
  if (files < 2 || bytes < 4 * 1024 * 1024) return 0;
  return Math.max(0, Math.min(files, cores - 1, 4));
}

/** A linked helper, and what settles when the page says it died (its calls never would). */
export interface Peer {
  id: number;
  api: Remote<HelperApi>;
  gone: Promise<never>;
  drop(): void;
}

/** The helpers the page linked to this worker; a dead one is dropped. */
export class Peers {
  #peers: Peer[] = [];

  add(id: number, api: Remote<HelperApi>): void {
    let drop!: () => void;
    const gone = new Promise<never>((_, reject) => {
      drop = () => reject(new Error(`helper worker ${id} stopped`));
    });
    gone.catch(() => undefined);
    this.#peers.push({ id, api, gone, drop });
  }

  /** The page saw the worker die: reads in flight on it fail now, later scans skip it. */
  drop(id: number): void {
    for (const peer of this.#peers.filter((p) => p.id === id)) peer.drop();
    this.#peers = this.#peers.filter((p) => p.id !== id);
  }

  get size(): number {
    return this.#peers.length;
  }

  /** Up to `count` helpers that answer now. */
  async live(count: number): Promise<Peer[]> {
    const answered = await Promise.all(this.#peers.map((p) => answers(p)));
    this.#peers = this.#peers.filter((_, i) => answered[i]);
    return this.#peers.slice(0, Math.max(0, count));
  }
}

/**
 * The SHA-256 of `file` from a helper that answers, so the hash (WebCrypto's digest blocks the
 * thread that asks for it) runs beside this worker's reading; undefined when no helper could.
 */
export async function hashElsewhere(
  peers: Peers,
  file: ScanFile,
): Promise<string | null | undefined> {
  const [peer] = await peers.live(1);
  if (!peer) return undefined;
  return Promise.race([peer.api.sha256(file), peer.gone]).catch(() => undefined);
}

/**
 * ScanRequest.hash for a scan no helper reads for (`helpers` null): its helpers are idle. Not
 * for the others: a busy helper answers late, and `live` drops one that answers too late.
 */
export function idleHasher(
  peers: Peers,
  helpers: Helpers | null,
): { hash?: (file: ScanFile) => Promise<string | null | undefined> } {
  return !helpers && peers.size ? { hash: (file) => hashElsewhere(peers, file) } : {};
}

function answers(peer: Peer): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), HELLO_TIMEOUT_MS);
  });
  return Promise.race([
    peer.api.hello().then(
      () => true,
      () => false,
    ),
    peer.gone.catch(() => false),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

export async function startHelpers(
  peers: Peers,
  count: number,
  rules: Rule[],
  signal: AbortSignal,
): Promise<Helpers | null> {
  if (count < 1 || peers.size === 0) return null;
  const live = await peers.live(count);
  const rulesKey = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  // A helper that cannot take the rules is left out, as one that does not say hello.
  const took = await Promise.all(
    live.map(({ api, gone }) =>
      Promise.race([gone, api.useRules(rulesKey, rules)]).then(
        () => true,
        () => false,
      ),
    ),
  );
  const started = live.filter((_, i) => took[i]);
  if (!started.length) return null;
  return {
    // A cancelled scan does not wait for helpers to wind down.
    readers: started.map(({ api, gone }) =>
      answeredAtCancel(
        {
          read: (job, onFeed, dedupe) =>
            Promise.race([
              gone,
              api.collectFile({ ...job, rulesKey }, proxy(onFeed), proxy(dedupe)),
            ]),
          readRange: (file, job, base, onFeed, dedupe, readEnded, numbered) =>
            Promise.race([
              gone,
              api.collectRange(
                { ...job, file, rulesKey },
                proxy(base),
                proxy(onFeed),
                proxy(dedupe),
                proxy(() => readEnded?.()),
                proxy((next: RangeBase) => numbered?.(next)),
              ),
            ]),
          sha256: (file) => Promise.race([gone, api.sha256(file)]),
        },
        signal,
      ),
    ),
    cancel: () => started.forEach(({ api }) => void api.cancelScan().catch(() => undefined)),
  };
}
