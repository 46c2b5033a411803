// The AppApi the UI calls, taken from the foundation's worker pool. A scan, its cancel and the
// open session's in-memory events live in one worker, so every app call goes to the same one
// (the worker fans a scan out itself).
import type { AppApi } from '../../worker/app-api';
import type { WorkerPool } from '../../worker/index.ts';

export function appApi(pool: WorkerPool): AppApi {
  // comlink's Remote<T> maps callback parameters to ProxyMarked ones; callers pass
  // comlink.proxy() callbacks (see scan.svelte.ts), so the plain AppApi type is what they see.
  return pool.bridges[0].api as unknown as AppApi;
}
