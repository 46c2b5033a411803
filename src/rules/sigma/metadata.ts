// Sigma metadata → the Rule fields a responder reads: level → severity and risk score (the
// scores Elastic's prebuilt rules use per severity), ATT&CK tags → threat entries, authors
// kept as written (the Detection Rule License asks that authors stay credited).
import type { Rule, Severity, Threat, ThreatTechnique } from '../model.ts';

const LEVELS: Record<string, { severity: Severity; risk: number }> = {
  informational: { severity: 'low', risk: 1 },
  low: { severity: 'low', risk: 21 },
  medium: { severity: 'medium', risk: 47 },
  high: { severity: 'high', risk: 73 },
  critical: { severity: 'critical', risk: 99 },
};

const TACTICS: Record<string, [string, string]> = {
  reconnaissance: ['TA0043', 'Reconnaissance'],
  resource_development: ['TA0042', 'Resource Development'],
  initial_access: ['TA0001', 'Initial Access'],
  execution: ['TA0002', 'Execution'],
  persistence: ['TA0003', 'Persistence'],
  privilege_escalation: ['TA0004', 'Privilege Escalation'],
  defense_evasion: ['TA0005', 'Defense Evasion'],
  stealth: ['TA0005', 'Defense Evasion'],
  credential_access: ['TA0006', 'Credential Access'],
  discovery: ['TA0007', 'Discovery'],
  lateral_movement: ['TA0008', 'Lateral Movement'],
  collection: ['TA0009', 'Collection'],
  exfiltration: ['TA0010', 'Exfiltration'],
  command_and_control: ['TA0011', 'Command and Control'],
  impact: ['TA0040', 'Impact'],
};

export function severityOf(level: unknown): { severity: Severity; risk_score: number } {
  const l =
    typeof level === 'string' && Object.hasOwn(LEVELS, level) ? LEVELS[level] : LEVELS.medium;
  return { severity: l.severity, risk_score: l.risk };
}

/**
 * ATT&CK tags as threat entries. Sigma lists tactics and techniques side by side without
 * pairing them, so every technique is listed under every tactic of the rule.
 */
export function threatsOf(tags: string[]): Threat[] {
  const techniques = new Map<string, ThreatTechnique>();
  const tactics: [string, string][] = [];
  for (const tag of tags) {
    const t = tag.toLowerCase();
    if (!t.startsWith('attack.')) continue;
    const name = t.slice(7).replace(/-/g, '_');
    const tech = /^t(\d{4})(?:\.(\d{3}))?$/.exec(name);
    if (tech) {
      const id = `T${tech[1]}`;
      let entry = techniques.get(id);
      if (!entry) {
        entry = { id, name: id, reference: `https://attack.mitre.org/techniques/${id}/` };
        techniques.set(id, entry);
      }
      if (tech[2]) {
        const sub = `${id}.${tech[2]}`;
        entry.subtechnique ??= [];
        if (!entry.subtechnique.some((s) => s.id === sub))
          entry.subtechnique.push({
            id: sub,
            name: sub,
            reference: `https://attack.mitre.org/techniques/${id}/${tech[2]}/`,
          });
      }
    } else if (Object.hasOwn(TACTICS, name) && !tactics.some(([id]) => id === TACTICS[name][0]))
      tactics.push(TACTICS[name]);
  }
  return tactics.map(([id, name]) => ({
    framework: 'MITRE ATT&CK',
    tactic: { id, name, reference: `https://attack.mitre.org/tactics/${id}/` },
    ...(techniques.size
      ? { technique: [...techniques.values()].map((t) => structuredClone(t)) }
      : {}),
  }));
}

const strings = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((x) => x !== null && x !== undefined).map(String)
    : typeof v === 'string'
      ? [v]
      : [];

/** Authors: Sigma writes several as one comma-separated string. */
export function authorsOf(v: unknown): string[] {
  if (Array.isArray(v)) return strings(v);
  return typeof v === 'string'
    ? v
        .split(/,\s*/)
        .map((a) => a.trim())
        .filter(Boolean)
    : [];
}

export interface SigmaDoc {
  [key: string]: unknown;
}

/** Every Rule field that does not depend on the query. */
export function ruleMetadata(
  doc: SigmaDoc,
  fallbackId: string,
): Omit<Rule, 'type' | 'origin' | 'enabled'> {
  const tags = strings(doc.tags);
  const { severity, risk_score } = severityOf(doc.level);
  const id = typeof doc.id === 'string' && doc.id ? doc.id : fallbackId;
  const metadata: Record<string, unknown> = {};
  for (const k of ['date', 'modified', 'status', 'level', 'related', 'fields', 'name', 'scope'])
    if (doc[k] !== undefined)
      metadata[k] = doc[k] instanceof Date ? (doc[k] as Date).toISOString().slice(0, 10) : doc[k];
  return {
    id,
    name: typeof doc.title === 'string' ? doc.title : id,
    description: typeof doc.description === 'string' ? doc.description.trim() : '',
    severity,
    risk_score,
    tags: ['Sigma', ...tags],
    threat: threatsOf(tags),
    false_positives: strings(doc.falsepositives),
    references: strings(doc.references),
    author: authorsOf(doc.author),
    ...(typeof doc.license === 'string' ? { license: doc.license } : {}),
    metadata,
  };
}
