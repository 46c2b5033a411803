// The worker pool behind the page, kept alive: when the first worker (the one the page talks
// to, which runs scans) dies — an uncaught error, out of memory, closed — the page knows
// within moments, says so, and a fresh pool takes over, so the next scan works.
//
// How a death is noticed: the worker's 'error' event (the bridge halts on it), and a Web Lock
// the worker holds for its life (services/lifeline.ts) that the page waits on; the browser
// grants it to the page once the worker is gone, however it ended, with no message from it.
import type { AppApi } from '../../worker/app-api';
import { WorkerPool, type WorkerFactory } from '../../worker/index.ts';
import { appApi, linkPeers } from './backend';

/** How long a terminated worker may take to release its locks before the page goes on. */
const RELEASE_TIMEOUT_MS = 5_000;

const locks = (): LockManager | undefined =>
  (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;

/** Starts a linked pool; `onStop` hears of its first worker stopping (a helper's death is
 *  the first worker's business: linkPeers reports it there). */
async function startPool(spawn: WorkerFactory, onStop: () => void): Promise<WorkerPool> {
  const pool = await WorkerPool.start(spawn);
  pool.bridges[0].stopped.catch(onStop);
  await linkPeers(pool);
  return pool;
}

export class LiveBackend {
  /** The pool in use (replaced after a death). */
  pool = $state.raw<WorkerPool>(undefined as unknown as WorkerPool);
  /** Calls forwarded to the current pool's first worker; they wait while it is replaced. */
  readonly api: AppApi;

  readonly #spawn: WorkerFactory;
  readonly #listeners: ((why: string) => void)[] = [];
  #ready: Promise<WorkerPool>;
  /** Bumped on each death: signals about an older pool are ignored. */
  #generation = 0;
  /** Resolves once the current first worker is gone (its lifeline lock granted here). */
  #gone: Promise<void> | null = null;
  #closed = false;

  private constructor(spawn: WorkerFactory, pool: WorkerPool) {
    this.#spawn = spawn;
    this.pool = pool;
    this.#ready = Promise.resolve(pool);
    this.api = this.#forwarder();
  }

  static async start(spawn: WorkerFactory): Promise<LiveBackend> {
    let backend: LiveBackend | null = null;
    const pool = await startPool(spawn, () => backend?.lost(0, 'it stopped with an error'));
    backend = new LiveBackend(spawn, pool);
    await backend.#watch(pool, 0);
    return backend;
  }

  /** Told, before calls in flight fail, that the worker died and why (in words). */
  onLost(listener: (why: string) => void): void {
    this.#listeners.push(listener);
  }

  terminate(): void {
    this.#closed = true;
    this.pool.terminate();
  }

  /** The first worker of generation `generation` is gone: a fresh pool replaces it. */
  lost(generation: number, why: string): void {
    if (this.#closed || generation !== this.#generation) return;
    this.#generation++;
    const old = this.pool;
    const gone = this.#gone;
    this.#ready = (async () => {
      // Its scan lock must be free before a new worker settles the scan it left.
      if (gone) await Promise.race([gone, new Promise((r) => setTimeout(r, RELEASE_TIMEOUT_MS))]);
      const next = this.#generation;
      const pool = await startPool(this.#spawn, () => this.lost(next, 'it stopped with an error'));
      await this.#watch(pool, next);
      this.pool = pool;
      return pool;
    })();
    for (const listener of this.#listeners) listener(why);
    // Calls in flight on the dead worker reject now instead of waiting forever.
    old.terminate();
  }

  /** Gives the first worker a lifeline lock and waits on it. */
  async #watch(pool: WorkerPool, generation: number): Promise<void> {
    const manager = locks();
    if (!manager) return;
    const name = `sequent-lifeline:${Date.now()}:${Math.random().toString(36).slice(2)}`;
    const held = await pool.bridges[0]
      .run((api) => (api as unknown as AppApi).holdLifeline(name))
      .catch(() => false);
    if (!held) return;
    this.#gone = manager
      .request(name, () => this.lost(generation, 'it crashed, ran out of memory or was closed'))
      .then(
        () => undefined,
        () => undefined,
      );
  }

  #forwarder(): AppApi {
    const call = async (method: string, args: unknown[]) => {
      const pool = await this.#ready;
      const target = appApi(pool) as unknown as Record<string, (...a: unknown[]) => unknown>;
      return pool.bridges[0].run(() => target[method](...args) as Promise<unknown>);
    };
    return new Proxy({} as AppApi, {
      get: (_, prop) =>
        // Not a thenable, and no other well-known symbol: only the API's methods.
        typeof prop === 'string' && prop !== 'then'
          ? (...args: unknown[]) => call(prop, args)
          : undefined,
    });
  }
}
