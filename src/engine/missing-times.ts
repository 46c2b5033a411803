// The times of a sequence's missing-event (`![…]`) stage events, per stage and join key: all
// a missing stage's check ever reads of them (`missing-events.ts`). A broad missing stage
// (`![any where event.category in (…)]` by `host.id`) matches most events of a scan; kept as
// candidates until the end they were a million rows of the correlator's store on 1M events
// (~40 bytes each, more with the store's growth), here they are one number each, and runs of
// equal times one number. Times may come in any order: a list is sorted once, when first read.

export class MissingTimes {
  /** stage → join key → times (ascending once read). Stages that are not missing stay empty. */
  readonly #byStage: Map<string, TimeList>[];

  constructor(stages: number) {
    this.#byStage = Array.from({ length: stages }, () => new Map());
  }

  add(stage: number, key: string, ts: number): void {
    const byKey = this.#byStage[stage];
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = { times: [], sorted: true }));
    const times = list.times;
    const last = times.length ? times[times.length - 1] : Number.NaN;
    // The checks ask "is there one before / after / between": a repeated time adds nothing.
    if (ts === last) return;
    if (ts < last) list.sorted = false;
    times.push(ts);
  }

  /** The join keys that have times at `stage`. */
  keys(stage: number): IterableIterator<string> {
    return this.#byStage[stage].keys();
  }

  /** The times of `stage` for `key`, ascending; undefined when it has none. Adding after reading is not supported. */
  times(stage: number, key: string): readonly number[] | undefined {
    const list = this.#byStage[stage].get(key);
    if (!list) return undefined;
    if (!list.sorted) {
      list.times.sort((a, b) => a - b);
      list.sorted = true;
    }
    return list.times;
  }
}

interface TimeList {
  times: number[];
  sorted: boolean;
}
