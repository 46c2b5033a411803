// Writes that say why they failed. When the browser refuses a transaction for lack of room, the
// transaction aborts with QuotaExceededError while its requests fail with a bare AbortError
// ("the transaction was aborted"): a caller that saw only the request's error could not tell a
// full disk from any other abort, and would report a crash instead of offering the user a way
// out. These helpers reject with the transaction's own error whenever it has one.
import type { IDBPTransaction } from 'idb';

/** The transaction's error when it has one (the reason it aborted), else `error`. */
export async function causeOf(
  tx: Pick<IDBPTransaction<unknown, string[], 'readwrite'>, 'done' | 'error'>,
  error: unknown,
): Promise<unknown> {
  if (tx.error) return tx.error;
  // A request fails before its transaction's abort event: wait for the abort to know why.
  await tx.done.catch(() => undefined);
  return tx.error ?? error;
}

/**
 * Runs `requests` (the transaction's writes) and waits for the commit. Rejects with the
 * transaction's error (QuotaExceededError when storage is full), never with a request's
 * AbortError alone.
 */
export async function committed(
  tx: Pick<IDBPTransaction<unknown, string[], 'readwrite'>, 'done' | 'error'>,
  requests: Promise<unknown>[],
): Promise<void> {
  try {
    await Promise.all([...requests, tx.done]);
  } catch (error) {
    throw await causeOf(tx, error);
  }
}
