// committed() rejects with the transaction's own error. Chromium refuses a full store at
// commit (tests/store/quota.spec.ts shows it with a real quota), but the IndexedDB spec lets a
// browser abort the transaction while requests are pending: those requests then fail with a
// bare AbortError before the transaction's QuotaExceededError is known. That order cannot be
// produced in Chromium, so it is played here with a transaction-shaped object.
import { describe, expect, it } from 'vitest';
import { committed } from '../../src/store/write.ts';

function aborting(cause: DOMException | null) {
  const tx = { error: null as DOMException | null, done: Promise.resolve() as Promise<void> };
  let abort!: () => void;
  tx.done = new Promise<void>((_, reject) => {
    abort = () => {
      tx.error = cause;
      reject(cause ?? new DOMException('aborted', 'AbortError'));
    };
  });
  tx.done.catch(() => undefined);
  return { tx, abort };
}

describe('committed', () => {
  it('a request aborted before the transaction says why rejects with the quota error', async () => {
    const { tx, abort } = aborting(new DOMException('', 'QuotaExceededError'));
    const request = Promise.reject(new DOMException('The transaction was aborted', 'AbortError'));
    const result = committed(tx, [request]);
    setTimeout(abort, 5);
    await expect(result).rejects.toMatchObject({ name: 'QuotaExceededError' });
  });

  it('a refusal at commit rejects with the quota error', async () => {
    const { tx, abort } = aborting(new DOMException('', 'QuotaExceededError'));
    const result = committed(tx, [Promise.resolve('key')]);
    abort();
    await expect(result).rejects.toMatchObject({ name: 'QuotaExceededError' });
  });

  it('a failed request in a transaction with no error of its own keeps the request error', async () => {
    const { tx, abort } = aborting(null);
    const result = committed(tx, [Promise.reject(new DOMException('dup', 'ConstraintError'))]);
    abort();
    await expect(result).rejects.toMatchObject({ name: 'ConstraintError' });
  });

  it('resolves when every request and the commit succeed', async () => {
    await expect(
      committed({ error: null, done: Promise.resolve() }, [Promise.resolve(1)]),
    ).resolves.toBeUndefined();
  });
});
