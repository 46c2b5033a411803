// Every `event.action` value that Elastic's Windows rules for the Security channel query, and
// whether Sequent's Security mapping produces it: each is checked by reading a minimal Security
// event (Event XML, synthetic) with the event id that table row maps.
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/ingest/index.ts';
import { SECURITY_TASKS } from '../../src/ingest/map/security-codes.ts';
import { SECURITY } from '../../src/ingest/map/security.ts';
import { get, haveShared, shared } from './helpers.ts';

const RULES = 'detection-rules/rules/windows';

// Values those rules list that no Security event carries, and why.
const NOT_SECURITY: Record<string, string> = {
  'Log clear':
    'the name older Winlogbeat versions gave 1102 (its task); the same rule also accepts "audit-log-cleared", which Sequent writes',
  ProcessRollup2:
    'a CrowdStrike FDR event type: the WSL rule reads many sources, Security 4688 only through event.type',
};

interface Use {
  value: string;
  rule: string;
}

// `event.action == "x"`, `event.action : ("x", "y")`, `event.action:x or …` (KQL), `in (…)`;
// `!=` comparisons ask for the value to be absent and are left out.
const COMPARISON = /event\.action\s*(==|:|\bin\b|like~?|:~)\s*(\([^)]*\)|"[^"]*"|[\w-]+)/g;

function actionsOf(query: string): string[] {
  const out: string[] = [];
  for (const m of query.matchAll(COMPARISON)) {
    const quoted = [...m[2].matchAll(/"([^"]*)"/g)].map((q) => q[1]);
    out.push(...(quoted.length ? quoted : [m[2]]));
  }
  return out;
}

function securityRuleUses(): Use[] {
  const uses: Use[] = [];
  for (const f of readdirSync(shared(RULES)).sort()) {
    if (!f.endsWith('.toml')) continue;
    const rule = (
      parse(readFileSync(shared(`${RULES}/${f}`), 'utf8')) as { rule: Record<string, unknown> }
    ).rule;
    const index = (rule.index as string[] | undefined) ?? [];
    // Elastic Agent's Security channel data stream: the rule is meant for Security events.
    if (!index.some((i) => i.startsWith('logs-system.security'))) continue;
    for (const value of actionsOf(String(rule.query ?? ''))) uses.push({ value, rule: f });
  }
  return uses;
}

const event = (id: number, task = 0) =>
  `<Event><System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>${id}</EventID>` +
  `<Task>${task}</Task><Keywords>0x8020000000000000</Keywords><Channel>Security</Channel>` +
  `<Computer>host.example</Computer><TimeCreated SystemTime="2024-01-01T00:00:00Z"/></System>` +
  `<EventData/></Event>`;

/** The event.action Sequent writes for a synthetic Security event that should carry `value`. */
function produced(value: string): string | undefined {
  const wildcard = value.endsWith('*');
  const matches = (a: string) => (wildcard ? a.startsWith(value.slice(0, -1)) : a === value);
  const row = Object.entries(SECURITY).find(([, m]) => matches(m.action));
  if (row)
    return get(normalizeRecord(event(Number(row[0])), 'event-xml').doc, 'event.action') as string;
  // Events the pipelines have no row for carry their task's name (4703 is one of them).
  const task = Object.entries(SECURITY_TASKS).find(([, name]) => matches(name));
  if (task)
    return get(
      normalizeRecord(event(4703, Number(task[0])), 'event-xml').doc,
      'event.action',
    ) as string;
  return undefined;
}

describe.runIf(haveShared(RULES))(
  "Elastic's Security-channel rules and Sequent's event.action",
  () => {
    it('every event.action value they query is one the Security mapping writes, or is explained', () => {
      const uses = securityRuleUses();
      const values = [...new Set(uses.map((u) => u.value))].sort();
      expect(values.length).toBeGreaterThan(10);
      const missing: string[] = [];
      for (const value of values) {
        const got = produced(value);
        const ok =
          got !== undefined &&
          (value.endsWith('*') ? got.startsWith(value.slice(0, -1)) : got === value);
        if (ok) {
          expect(
            NOT_SECURITY[value],
            `${value} is produced, but listed as not Security`,
          ).toBeUndefined();
          continue;
        }
        if (NOT_SECURITY[value]) continue;
        const rules = uses.filter((u) => u.value === value).map((u) => u.rule);
        missing.push(`${value} (${rules.join(', ')})`);
      }
      console.log(
        `Security-channel rules query ${values.length} event.action values: ${values.join(', ')}; ` +
          `Sequent's Security table has ${new Set(Object.values(SECURITY).map((m) => m.action)).size} actions`,
      );
      expect(missing).toEqual([]);
    });
  },
);
