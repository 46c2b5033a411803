// The rule-set plan's oracle: each rule run alone by a collector that offers every event to
// every stage of its category (no dispatch, no sharing), against all rules run together
// through the plan. Candidates carry references only, so the comparison is exact and cheap.
import { expect } from 'vitest';
import { Collector, Correlator, type QuerySpec } from '../../src/engine/index.ts';
import { RulePlan, type PlanOptions } from '../../src/engine/plan/rule-plan.ts';
import type { Doc } from '../../src/eql/compiled.ts';

function collect(
  specs: readonly QuerySpec[],
  docs: readonly Doc[],
  dispatch: boolean,
  planOptions?: PlanOptions,
) {
  const plan = planOptions
    ? new RulePlan(
        specs.map((s) => s.query),
        specs.map((s) => s.categoryField ?? 'event.category'),
        planOptions,
      )
    : undefined;
  const collector = new Collector(specs, { keepDocs: false, dispatch, ...(plan ? { plan } : {}) });
  docs.forEach((doc, record) => collector.add(doc, { file: 0, record }));
  return { batch: collector.drain(), stats: collector.planStats() };
}

/** One rule alone, without the plan's dispatch: what the planned engine must reproduce. */
export function alone(spec: QuerySpec, docs: readonly Doc[]) {
  const { batch } = collect([spec], docs, false);
  const correlator = new Correlator([spec]);
  correlator.add(batch);
  return {
    candidates: batch.candidates[0],
    counts: batch.counts[0],
    outcome: correlator.finish().outcomes[0],
  };
}

export type Alone = ReturnType<typeof alone>;

/**
 * Runs the specs together through the plan (built with `planOptions` when given) and checks
 * each against its rule alone.
 */
export function expectSameAsAlone(
  specs: readonly QuerySpec[],
  docs: readonly Doc[],
  reference: (q: number) => Alone = (q) => alone(specs[q], docs),
  planOptions?: PlanOptions,
) {
  const { batch, stats } = collect(specs, docs, true, planOptions);
  const correlator = new Correlator(specs);
  correlator.add(batch);
  const outcomes = correlator.finish().outcomes;
  specs.forEach((spec, q) => {
    const ref = reference(q);
    expect(batch.candidates[q], spec.id).toEqual(ref.candidates);
    expect(batch.counts[q], spec.id).toEqual(ref.counts);
    expect(outcomes[q], spec.id).toEqual(ref.outcome);
  });
  return { stats, candidates: batch.candidates.reduce((n, c) => n + c.length, 0) };
}
