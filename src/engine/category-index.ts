// Which stages an event's category can match, so each event meets only those stages.
// Categories are compared lowercased: a superset of what any stage test accepts, since
// the stage's own test still decides.
import type { CompiledQuery, CompiledStage, Doc } from '../eql/compiled.ts';
import { readField } from './field.ts';

export interface StageRef {
  readonly query: number;
  readonly stage: CompiledStage;
}

export class CategoryIndex {
  /** category (lowercased) → stages restricted to it */
  readonly #byCategory = new Map<string, StageRef[]>();
  /** stages written with `any`, met by every event */
  readonly #anyCategory: StageRef[] = [];
  readonly #categoryField: string;

  constructor(queries: readonly CompiledQuery[], categoryField: string) {
    this.#categoryField = categoryField;
    queries.forEach((q, query) => {
      const stages = q.until ? [...q.stages, q.until] : q.stages;
      for (const stage of stages) {
        const ref = { query, stage };
        if (stage.category === null) {
          this.#anyCategory.push(ref);
          continue;
        }
        const cat = stage.category.toLowerCase();
        let list = this.#byCategory.get(cat);
        if (!list) this.#byCategory.set(cat, (list = []));
        list.push(ref);
      }
    });
  }

  /** Stages the event may match; shared arrays, do not mutate. */
  stagesFor(doc: Doc): readonly StageRef[] {
    const raw = readField(doc, this.#categoryField);
    if (typeof raw === 'string') {
      const own = this.#byCategory.get(raw.toLowerCase());
      if (!own) return this.#anyCategory;
      return this.#anyCategory.length ? [...this.#anyCategory, ...own] : own;
    }
    if (Array.isArray(raw)) {
      const out: StageRef[] = [...this.#anyCategory];
      for (const c of raw) {
        if (typeof c !== 'string') continue;
        const own = this.#byCategory.get(c.toLowerCase());
        if (own) for (const r of own) if (!out.includes(r)) out.push(r);
      }
      return out;
    }
    return this.#anyCategory;
  }
}
