// The rules Sequent ships with. Fresh objects on every call: callers may store or mutate them.
import type { Rule } from '../model.ts';
import { kitRules } from './kit.ts';
import { winrmElasticRule } from './winrm-elastic.ts';
import { winrmSequentRule } from './winrm-sequent.ts';

export { WINRM_ELASTIC_QUERY, WINRM_ELASTIC_RULE_ID } from './winrm-elastic.ts';
export { WINRM_SEQUENT_QUERY, WINRM_SEQUENT_RULE_ID } from './winrm-sequent.ts';

export function builtinRules(): Rule[] {
  const own = [winrmElasticRule(), winrmSequentRule()];
  const ids = new Set(own.map((r) => r.id));
  return [...own, ...kitRules().filter((r) => !ids.has(r.id))];
}
