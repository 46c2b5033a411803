// The scan page's file rows move toward the latest list a few at a time. With a folder of a
// thousand logs, the list re-read each second can hold hundreds of rows whose files just
// ended; drawing all of their detail blocks in one task froze the page for 100 ms and more.

export interface Keyed {
  readonly key: string;
}

export interface PacedStep<T> {
  rows: T[];
  /** Rows of `target` still missing or stale in `rows`: another step is due. */
  pending: boolean;
}

/**
 * The next list to draw: `target`'s order, where at most `budget` rows are new or changed
 * since `shown` (a row is unchanged when it is the same object). A changed row past the budget
 * keeps its old version for now; a new one waits. Rows gone from `target` go at once.
 */
export function paceRows<T extends Keyed>(
  shown: readonly T[],
  target: readonly T[],
  budget: number,
): PacedStep<T> {
  const old = new Map<string, T>();
  for (const row of shown) old.set(row.key, row);
  const rows: T[] = [];
  let pending = false;
  for (const row of target) {
    const before = old.get(row.key);
    if (before === row) rows.push(row);
    else if (budget > 0) {
      rows.push(row);
      budget--;
    } else {
      pending = true;
      if (before) rows.push(before);
    }
  }
  return { rows, pending };
}
