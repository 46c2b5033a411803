// `sequent scan` compiles its rules once; what it then holds through the scan must not keep
// the rules themselves alive (their descriptions and guides are ~9 MiB for Elastic's set).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/cli/scan-plan.ts';
import { parseArgs } from '../../src/cli/scan-options.ts';
import { builtinRules } from '../../src/rules/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('scan plan', () => {
  it('keeps only a label of each rule: the rules can be collected once planned', async () => {
    // Copies, so nothing but this function and `plan` can hold them.
    const planCopies = () => {
      const rules = builtinRules().map((r) => structuredClone(r));
      return {
        labels: rules.map((r) => ({
          id: r.id,
          name: r.name,
          severity: r.severity,
          risk_score: r.risk_score,
        })),
        refs: rules.map((r) => new WeakRef(r)),
        ...plan(parseArgs(['--rules', 'builtin', 'x.ndjson']), rules, () => {}),
      };
    };
    const { labels, refs, planned, failed } = planCopies();
    expect(failed).toBe(0);
    expect(planned.length).toBe(labels.length);
    expect(planned.map((p) => p.rule)).toEqual(labels);
    // A WeakRef keeps its target until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(refs.filter((r) => r.deref() !== undefined)).toHaveLength(0);
  });
});
