// Messages the user can act on (a failed import, a full disk), shown until dismissed, plus
// short-lived confirmations ("Copied").

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

export class Notices {
  list = $state<Notice[]>([]);
  #next = 1;

  push(kind: Notice['kind'], text: string, ttlMs = kind === 'info' ? 4000 : 0): void {
    const id = this.#next++;
    this.list.push({ id, kind, text });
    if (ttlMs > 0) setTimeout(() => this.dismiss(id), ttlMs);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }

  /** Runs a backend call; a failure becomes an error notice naming what was being done. */
  async attempt<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      this.push('error', `${what} failed: ${errorText(err)}`);
      return undefined;
    }
  }
}

export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  try {
    return JSON.stringify(err);
  } catch {
    return String(err);
  }
}
