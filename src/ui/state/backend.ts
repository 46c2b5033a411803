// The AppApi the UI calls, taken from the foundation's worker pool. A scan, its cancel and the
// open session's in-memory events live in one worker, so every app call goes to the same one;
// the pool's other workers are linked to it and read files of its scans.
import { transfer } from 'comlink';
import type { AppApi } from '../../worker/app-api';
import type { WorkerPool } from '../../worker/index.ts';

export function appApi(pool: WorkerPool): AppApi {
  // comlink's Remote<T> maps callback parameters to ProxyMarked ones; callers pass
  // comlink.proxy() callbacks (see scan.svelte.ts), so the plain AppApi type is what they see.
  return pool.bridges[0].api as unknown as AppApi;
}

/** The page waits for the links before it shows the app; a worker slower than this is not. */
const LINK_TIMEOUT_MS = 2_000;

/**
 * Links every other worker of the pool to the first by a MessageChannel. The first worker
 * cannot start helpers itself everywhere (from the single file opened from disk, nested
 * workers never start), so the page hands it the workers it already runs. A worker that
 * cannot be linked is left out: scans then use fewer workers, never fail for it. One that
 * dies later is reported to the first, whose reads on it would otherwise wait forever.
 */
export async function linkPeers(pool: WorkerPool): Promise<number> {
  const [first, ...rest] = pool.bridges;
  const linked = await Promise.all(
    rest.map(async (bridge, i) => {
      const id = i + 1;
      const { port1, port2 } = new MessageChannel();
      const linking = (async () => {
        await bridge.run((api) => api.servePeer(transfer(port1, [port1])));
        await first.run((api) => api.addPeer(transfer(port2, [port2]), id));
        // Watched even when the link completes after the page stopped waiting for it.
        bridge.stopped.catch(() => first.run((api) => api.dropPeer(id)).catch(() => undefined));
        return true;
      })().catch(() => false);
      const late = new Promise<false>((resolve) =>
        setTimeout(() => resolve(false), LINK_TIMEOUT_MS),
      );
      return Promise.race([linking, late]);
    }),
  );
  return linked.filter(Boolean).length;
}
