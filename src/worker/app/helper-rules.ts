// A helper's copy of the rules of the scans it reads for. The rules come once per scan, under
// a key the scan's jobs name (HelperApi.useRules), not with every file: with Elastic's Windows
// rules each job copied 3.4 MB and compiled them again.
import type { Rule } from '../../rules/model.ts';

/** How many scans' rule sets a helper keeps (each scanning worker of the pool sends its own). */
const RULE_SETS = 4;

/** The rules scanning workers sent this helper (HelperApi.useRules), by the key their jobs name. */
export class HelperRules {
  readonly #sets = new Map<string, Rule[]>();

  use(key: string, rules: Rule[]): void {
    this.#sets.set(key, rules);
    for (const old of this.#sets.keys()) if (this.#sets.size > RULE_SETS) this.#sets.delete(old);
  }

  get(key: string): Rule[] {
    const rules = this.#sets.get(key);
    if (!rules) throw new Error("This helper was not sent the scan's rules.");
    return rules;
  }
}
