// Which stages an event's category can match, so each event meets only those stages.
// Categories are compared lowercased: a superset of what any stage test accepts, since
// the stage's own test still decides.
import type { CompiledQuery, CompiledStage, Doc } from '../eql/compiled.ts';
import { fieldReader } from './field.ts';

export interface StageRef {
  readonly query: number;
  readonly stage: CompiledStage;
}

export class CategoryIndex {
  /** category (lowercased) → stages restricted to it */
  readonly #byCategory = new Map<string, StageRef[]>();
  /** stages written with `any`, met by every event */
  readonly #anyCategory: StageRef[] = [];
  readonly #category: (doc: Doc) => unknown;

  constructor(queries: readonly CompiledQuery[], categoryField: string) {
    this.#category = fieldReader(categoryField);
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
    const raw = this.#category(doc);
    if (typeof raw === 'string') return this.#forCategory(raw);
    if (Array.isArray(raw)) {
      if (raw.length === 1 && typeof raw[0] === 'string') return this.#forCategory(raw[0]);
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

  // Category values repeat endlessly; remember each one's stage list (bounded, in case a
  // file puts something unbounded in the category field).
  readonly #memo = new Map<string, readonly StageRef[]>();

  #forCategory(value: string): readonly StageRef[] {
    const hit = this.#memo.get(value);
    if (hit) return hit;
    const own = this.#byCategory.get(value.toLowerCase());
    const list = !own
      ? this.#anyCategory
      : this.#anyCategory.length
        ? [...this.#anyCategory, ...own]
        : own;
    if (this.#memo.size < 4096) this.#memo.set(value, list);
    return list;
  }
}

/**
 * Queries may read their category from different fields (a rule's
 * event_category_override): one index per field, their stage lists joined.
 */
export class StageRouter {
  readonly #indexes: CategoryIndex[];

  constructor(queries: readonly CompiledQuery[], categoryFields: readonly string[]) {
    const fields = [...new Set(categoryFields)];
    this.#indexes = fields.map(
      (field) =>
        new CategoryIndex(
          queries.map((q, i) =>
            categoryFields[i] === field ? q : { ...q, stages: [], until: null },
          ),
          field,
        ),
    );
  }

  stagesFor(doc: Doc): readonly StageRef[] {
    if (this.#indexes.length === 1) return this.#indexes[0].stagesFor(doc);
    return this.#indexes.flatMap((index) => index.stagesFor(doc));
  }
}
