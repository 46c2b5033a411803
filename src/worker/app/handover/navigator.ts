// An ATT&CK Navigator layer: every technique (and sub-technique) of the rules that alerted,
// scored by how many alerts it drew, so the hand-over shows the attack's shape at a glance.
import type { AlertDetail, RuleView } from '../../app-api.ts';

export interface NavigatorTechnique {
  techniqueID: string;
  tactic?: string;
  score: number;
  comment: string;
  enabled: boolean;
}

function tacticSlug(name: string): string {
  return name.toLowerCase().replace(/\s+/g, '-');
}

export function navigatorLayer(
  alerts: readonly AlertDetail[],
  rules: ReadonlyMap<string, RuleView>,
  name: string,
) {
  const byKey = new Map<
    string,
    { id: string; tactic: string; rules: Set<string>; count: number }
  >();
  const add = (id: string, tactic: string, rule: string) => {
    const key = `${id}@${tactic}`;
    let entry = byKey.get(key);
    if (!entry) byKey.set(key, (entry = { id, tactic, rules: new Set(), count: 0 }));
    entry.rules.add(rule);
    entry.count++;
  };
  for (const alert of alerts) {
    const rule = rules.get(alert.ruleId);
    if (!rule) continue;
    const tactic = rule.tactics[0] ? tacticSlug(rule.tactics[0].name) : '';
    for (const technique of rule.techniques) {
      add(technique.id, tactic, rule.name);
      for (const sub of technique.subtechniques) add(sub.id, tactic, rule.name);
    }
  }
  const techniques: NavigatorTechnique[] = [...byKey.values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((t) => ({
      techniqueID: t.id,
      ...(t.tactic ? { tactic: t.tactic } : {}),
      score: t.count,
      comment: `${t.count} alert${t.count === 1 ? '' : 's'}: ${[...t.rules].join('; ')}`,
      enabled: true,
    }));
  const maxScore = Math.max(1, ...techniques.map((t) => t.score));
  return {
    name,
    versions: { attack: '16', navigator: '5.1.0', layer: '4.5' },
    domain: 'enterprise-attack',
    description: `Techniques of the rules that alerted (${alerts.length} alerts), exported by Sequent.`,
    sorting: 3,
    hideDisabled: false,
    techniques,
    gradient: { colors: ['#fff3b0', '#e63946'], minValue: 0, maxValue: maxScore },
    legendItems: [],
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
  };
}
