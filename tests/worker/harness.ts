// Runs in Chromium (bundled by tests/browser/bundle.ts): the real bridge, pool and worker.
import { SequentStore } from '../../src/store/index.ts';
import CrashingWorker from './crashing-worker.ts?worker&inline';
import {
  WorkerBridge,
  WorkerPool,
  WorkerStartError,
  WorkerStoppedError,
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

/** Settles a call into plain data: its value, or how it failed. */
async function outcome(call: Promise<unknown>) {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    return {
      ok: false,
      stopped: error instanceof WorkerStoppedError ? error.why : undefined,
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
    outcome,
    spawnCrashingWorker: () => new CrashingWorker(),
  },
});
