// One scan per session across every tab and window of this browser profile: two scans into
// one session would number their files over each other. The Web Locks API spans them all.
const lockName = (sessionId: string) => `sequent-scan:${sessionId}`;
const locks = (): LockManager | undefined =>
  (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;

export const SCANNING_ELSEWHERE =
  'This session is being scanned in another tab or window: wait until that scan ends, or scan into another session.';

export function scanLock<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
  const manager = locks();
  if (!manager) return work();
  return manager.request(lockName(sessionId), { ifAvailable: true }, async (lock) => {
    if (!lock) throw new Error(SCANNING_ELSEWHERE);
    return work();
  });
}

export async function scanningElsewhere(sessionId: string): Promise<boolean> {
  const state = await locks()?.query();
  return state?.held?.some((l) => l.name === lockName(sessionId)) ?? false;
}
