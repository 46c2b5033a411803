// Runs in Chromium (bundled by tests/browser/bundle.ts): the real bridge, pool and worker.
import { SequentStore } from '../../src/store/index.ts';
import {
  WorkerBridge,
  WorkerPool,
  WorkerStartError,
  spawnBrokenWorker,
  spawnSequentWorker,
} from '../../src/worker/index.ts';

/** Settles a start attempt into plain data the test process can inspect. */
async function attempt(start: () => Promise<{ terminate(): void }>) {
  const began = performance.now();
  try {
    const started = await start();
    started.terminate();
    return { ok: true, ms: performance.now() - began };
  } catch (error) {
    return {
      ok: false,
      ms: performance.now() - began,
      isStartError: error instanceof WorkerStartError,
      failure: error instanceof WorkerStartError ? error.failure : undefined,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

Object.assign(globalThis, {
  sequentHarness: {
    WorkerBridge,
    WorkerPool,
    SequentStore,
    spawnSequentWorker,
    spawnBrokenWorker,
    attempt,
  },
});
