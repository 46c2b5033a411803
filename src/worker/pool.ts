import { WorkerBridge, type BridgeOptions, type WorkerApi, type WorkerFactory } from './bridge.ts';

/** More workers than this only cost memory: each holds its own copy of the parsed events. */
export const MAX_POOL_SIZE = 8;

/** One worker per core, at least one, at most MAX_POOL_SIZE. */
export function poolSize(cores: number | undefined = globalThis.navigator?.hardwareConcurrency) {
  if (!cores || !Number.isFinite(cores)) return 1;
  return Math.max(1, Math.min(MAX_POOL_SIZE, Math.floor(cores)));
}

/**
 * Several started workers for parallel scans. Tasks go to the worker with the fewest
 * tasks in flight, so a slow file does not hold up the others.
 */
export class WorkerPool {
  private readonly busy: number[];

  private constructor(readonly bridges: readonly WorkerBridge[]) {
    this.busy = bridges.map(() => 0);
  }

  /**
   * Starts `size` workers at once. Settles when all have answered or failed: with the
   * ones that started, or, when none did, with the first worker's WorkerStartError.
   */
  static async start(
    spawn: WorkerFactory,
    options: BridgeOptions & { size?: number } = {},
  ): Promise<WorkerPool> {
    const size = options.size ?? poolSize();
    const results = await Promise.allSettled(
      Array.from({ length: size }, () => WorkerBridge.start(spawn, options)),
    );
    const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (started.length === 0) throw (results[0] as PromiseRejectedResult).reason;
    return new WorkerPool(started);
  }

  get size(): number {
    return this.bridges.length;
  }

  /** Workers still running (a crashed one is skipped by `run`). */
  get running(): number {
    return this.bridges.filter((b) => b.running).length;
  }

  /**
   * Runs one task on the least busy running worker. Rejects with a WorkerStoppedError
   * when that worker dies meanwhile (it is not retried elsewhere: the task may have had
   * effects), or when no worker is left.
   */
  async run<T>(task: (api: WorkerApi, worker: number) => Promise<T>): Promise<T> {
    let pick = -1;
    for (let i = 0; i < this.bridges.length; i++) {
      if (!this.bridges[i].running) continue;
      if (pick < 0 || this.busy[i] < this.busy[pick]) pick = i;
    }
    if (pick < 0) return this.bridges[0].stopped;
    this.busy[pick]++;
    try {
      return await this.bridges[pick].run((api) => task(api, pick));
    } finally {
      this.busy[pick]--;
    }
  }

  /** Runs the same task on every running worker (e.g. loading a rule set everywhere). */
  each<T>(task: (api: WorkerApi, worker: number) => Promise<T>): Promise<T[]> {
    return Promise.all(
      this.bridges.flatMap((b, i) => (b.running ? [b.run((api) => task(api, i))] : [])),
    );
  }

  terminate(): void {
    for (const bridge of this.bridges) bridge.terminate();
  }
}
