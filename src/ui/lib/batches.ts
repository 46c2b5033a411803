// Work over every picked file, done a batch per task so the page keeps answering: the user may
// pick a triage collection of thousands of logs, and a frame lasts 16 ms.

/** Items handled before the page takes a breath (each costs well under 0.5 ms). */
const BATCH = 100;

/** `items.map(fn)`, yielding to the page between batches. */
export async function mapInBatches<T, R>(items: readonly T[], fn: (item: T) => R): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += BATCH) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, 0));
    for (let j = i; j < Math.min(items.length, i + BATCH); j++) out.push(fn(items[j]));
  }
  return out;
}
