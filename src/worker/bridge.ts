import { releaseProxy, wrap, type Remote } from 'comlink';
import type { SequentApi, WorkerHello } from './api.ts';
import { startError, WorkerStartError } from './start-error.ts';

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
  private constructor(
    private readonly worker: Worker,
    /** The worker's API; every call is a message round trip. */
    readonly api: WorkerApi,
    /** What the worker said in the handshake. */
    readonly hello: WorkerHello,
  ) {}

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
          if (options.onCrash) {
            const report = options.onCrash;
            worker.addEventListener('error', (event) => report(errorText(event)));
          }
          resolve(new WorkerBridge(worker, api as unknown as WorkerApi, hello));
        },
        (error: unknown) => fail(startError('error', String(error), context)),
      );
    });
  }

  /** Stops the worker; calls still in flight never settle, so stop only when idle. */
  terminate(): void {
    this.api[releaseProxy]();
    this.worker.terminate();
  }
}
