import { releaseProxy, wrap, type Remote } from 'comlink';
import type { SequentApi, WorkerHello } from './api.ts';
import { startError, WorkerStartError, WorkerStoppedError } from './start-error.ts';

/**
 * The worker's API as the page calls it. comlink's Remote erases type parameters, so the
 * generic methods are given back their own signatures (they are async already).
 */
export type WorkerApi = Omit<Remote<SequentApi>, 'echo'> & Pick<SequentApi, 'echo'>;

/** Creates the Worker; the default comes from src/worker/spawn.ts. */
export type WorkerFactory = () => Worker;

export interface BridgeOptions {
  /** How long the worker may take to answer the handshake. */
  timeoutMs?: number;
  /** Told when a started worker dies later (an uncaught error inside it). */
  onCrash?: (message: string) => void;
}

export const DEFAULT_START_TIMEOUT_MS = 8_000;

function errorText(event: Event): string {
  if (event instanceof ErrorEvent && event.message) {
    const where = event.filename ? ` at ${event.filename}:${event.lineno}` : '';
    return `${event.message}${where}`;
  }
  // A worker script that cannot be fetched or parsed fires a bare Event, not an ErrorEvent.
  return 'the worker script could not be loaded';
}

/**
 * One started worker and its typed API. `WorkerBridge.start` settles within the timeout,
 * always: with a ready bridge, or with a WorkerStartError whose message a person can act on.
 */
export class WorkerBridge {
  /** Rejects once the worker is gone: crashed (an uncaught error in it) or terminated. */
  readonly stopped: Promise<never>;
  private stop!: (reason: WorkerStoppedError) => void;
  private alive = true;

  private constructor(
    private readonly worker: Worker,
    /** The worker's API; every call is a message round trip. */
    readonly api: WorkerApi,
    /** What the worker said in the handshake. */
    readonly hello: WorkerHello,
    onCrash?: (message: string) => void,
  ) {
    this.stopped = new Promise<never>((_, reject) => (this.stop = reject));
    // Nobody may be waiting on it; that is not an unhandled failure.
    this.stopped.catch(() => undefined);
    worker.addEventListener('error', (event) => {
      const message = errorText(event);
      this.halt(new WorkerStoppedError(`The scanning worker stopped: ${message}`, 'crashed'));
      onCrash?.(message);
    });
  }

  /** Whether the worker can still take calls. */
  get running(): boolean {
    return this.alive;
  }

  /**
   * Runs calls against the worker, settling even if the worker dies meanwhile: comlink's
   * own promises would wait forever for a worker that can no longer answer.
   */
  run<T>(task: (api: WorkerApi) => Promise<T>): Promise<T> {
    if (!this.alive) return this.stopped;
    return Promise.race([task(this.api), this.stopped]);
  }

  private halt(reason: WorkerStoppedError) {
    if (!this.alive) return;
    this.alive = false;
    this.stop(reason);
    this.api[releaseProxy]();
    this.worker.terminate();
  }

  static start(spawn: WorkerFactory, options: BridgeOptions = {}): Promise<WorkerBridge> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_START_TIMEOUT_MS;
    const context = {
      protocol: globalThis.location?.protocol,
      single: typeof __SEQUENT_SINGLE__ !== 'undefined' && __SEQUENT_SINGLE__,
      timeoutMs,
    };
    let worker: Worker;
    try {
      worker = spawn();
    } catch (error) {
      return Promise.reject(startError('blocked', String(error), context));
    }
    const api = wrap<SequentApi>(worker);

    return new Promise<WorkerBridge>((resolve, reject) => {
      let settled = false;
      const fail = (error: WorkerStartError) => {
        if (settled) return;
        settled = true;
        cleanup();
        api[releaseProxy]();
        worker.terminate();
        reject(error);
      };
      const onError = (event: Event) => {
        event.preventDefault();
        fail(startError('error', errorText(event), context));
      };
      const timer = setTimeout(
        () => fail(startError('timeout', 'no handshake', context)),
        timeoutMs,
      );
      const cleanup = () => {
        clearTimeout(timer);
        worker.removeEventListener('error', onError);
      };
      worker.addEventListener('error', onError);

      api.hello().then(
        (hello) => {
          if (settled) return;
          settled = true;
          cleanup();
          resolve(new WorkerBridge(worker, api as unknown as WorkerApi, hello, options.onCrash));
        },
        (error: unknown) => fail(startError('error', String(error), context)),
      );
    });
  }

  /** Stops the worker; calls made through `run` that are still in flight reject. */
  terminate(): void {
    this.halt(new WorkerStoppedError('The scanning worker was stopped', 'terminated'));
  }
}
