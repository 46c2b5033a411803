// Documents wait here until no story can still produce an earlier one, so the generator can
// stream its output in time order without holding the whole data set.
import type { Doc } from '../eql/compiled.ts';

interface Item {
  ts: number;
  seq: number;
  doc: Doc;
}

export class TimeQueue {
  private readonly heap: Item[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  push(ts: number, doc: Doc): void {
    const item = { ts, seq: this.seq++, doc };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  peekTime(): number {
    return this.heap.length > 0 ? this.heap[0].ts : Infinity;
  }

  pop(): Doc | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop() as Item;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top.doc;
  }
}

// Same millisecond: keep the order the story wrote them in (deterministic output).
function before(a: Item, b: Item): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.seq < b.seq);
}
