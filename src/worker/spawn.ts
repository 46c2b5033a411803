import SequentWorker from 'virtual:sequent-worker';
import type { WorkerFactory } from './bridge.ts';

/** Starts Sequent's own worker, bundled the way the current build needs it. */
export const spawnSequentWorker: WorkerFactory = () => new SequentWorker({ name: 'sequent' });

/**
 * Test hook (`?brokenWorker=…` on the page URL): a worker that cannot start, to prove the
 * page shows a clear message instead of hanging. "error" dies while loading; "silent" never
 * answers, like a module worker opened from file://.
 */
export type BrokenWorkerKind = 'error' | 'silent';

export function spawnBrokenWorker(kind: BrokenWorkerKind): WorkerFactory {
  const source =
    kind === 'error'
      ? "throw new Error('simulated start-up failure');"
      : '/* loads, then never answers */';
  return () => {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    return new Worker(url, { name: `sequent-broken-${kind}` });
  };
}

/** The factory the page asked for: the real worker unless a test hook says otherwise. */
export function chooseWorkerFactory(search: string): WorkerFactory {
  const broken = new URLSearchParams(search).get('brokenWorker');
  if (broken === 'error' || broken === 'silent') return spawnBrokenWorker(broken);
  return spawnSequentWorker;
}
