// Rules baked into this build by the offline kit (SEQUENT_RULES at build time, see
// scripts/kit-rules.ts); none in Sequent's own builds, the CLI and the tests.
import type { Rule } from '../model.ts';

declare const __SEQUENT_KIT_RULES__: readonly Rule[] | undefined;

export function kitRules(): Rule[] {
  const baked = typeof __SEQUENT_KIT_RULES__ === 'undefined' ? [] : __SEQUENT_KIT_RULES__;
  return baked.map((r) => structuredClone(r));
}
