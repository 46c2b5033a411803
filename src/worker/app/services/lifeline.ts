// The worker's lifeline: a Web Lock it holds until it is gone. A worker that crashes, runs
// out of memory or is closed sends no message, but the browser releases its locks, so the
// page, waiting on the same lock, learns of the death within moments
// (src/ui/state/lifeline.ts).

const locks = (): LockManager | undefined =>
  (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;

/** Resolves true once the lock is held (for good), false where Web Locks are missing. */
export function holdLifeline(name: string): Promise<boolean> {
  const manager = locks();
  if (!manager) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    manager
      .request(name, () => {
        resolve(true);
        // Never settles: the lock is released only when this worker ends.
        return new Promise<never>(() => undefined);
      })
      .catch(() => resolve(false));
  });
}
