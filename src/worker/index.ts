// What the page uses to talk to workers. The API itself is only a type (src/worker/api.ts).
export type { FoundationApi, SequentApi, WorkerHello } from './api.ts';
export {
  WorkerBridge,
  DEFAULT_START_TIMEOUT_MS,
  type BridgeOptions,
  type WorkerApi,
  type WorkerFactory,
} from './bridge.ts';
export { WorkerPool, poolSize, MAX_POOL_SIZE } from './pool.ts';
export { WorkerStartError, WorkerStoppedError, type WorkerStartFailure } from './start-error.ts';
export {
  spawnSequentWorker,
  spawnBrokenWorker,
  chooseWorkerFactory,
  type BrokenWorkerKind,
} from './spawn.ts';
