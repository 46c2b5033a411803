// Property: random subsets of Elastic's real EQL rules (../shared/detection-rules), run
// together through the rule-set plan, give each rule exactly what it gives alone without the
// plan. The events are SYNTHETIC telemetry (src/demo) with field values rewritten to the
// strings the rules themselves test for (wildcards filled in, case scrambled, sometimes
// multi-valued), so stages are hashed, hit and matched far more often than on plain telemetry.
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { alone, expectSameAsAlone, type Alone } from './plan-compare.ts';
import { literals, loadSpecs, plantedEvents, RULES } from './real-rules.ts';

describe.skipIf(!existsSync(RULES))('the rule-set plan on real rules', () => {
  let specs: QuerySpec[] = [];
  let docs: Doc[] = [];
  const reference = new Map<string, Alone>();
  const referenceOf = (spec: QuerySpec) => {
    let r = reference.get(spec.id);
    if (!r) reference.set(spec.id, (r = alone(spec, docs)));
    return r;
  };

  beforeAll(() => {
    specs = loadSpecs();
    docs = plantedEvents(literals(specs), 1500);
  });

  it('loads the rule set `sequent check` accepts', () => {
    expect(specs.length).toBeGreaterThan(900);
  });

  it('gives each rule of every rule set exactly what it gives alone', () => {
    let found = 0;
    fc.assert(
      fc.property(fc.subarray(specs, { minLength: 1, maxLength: 150 }), (subset) => {
        found += expectSameAsAlone(subset, docs, (q) => referenceOf(subset[q])).candidates;
      }),
      { numRuns: 8 },
    );
    // And all of them at once, as `sequent scan` runs a rules folder.
    const all = expectSameAsAlone(specs, docs, (q) => referenceOf(specs[q]));
    expect(all.stats.dispatched / all.stats.stages).toBeGreaterThan(0.9);
    expect(found + all.candidates).toBeGreaterThan(1000);
  });
});
