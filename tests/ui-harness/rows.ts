// Deterministic alert rows for the table harness: enough variety to sort and group on,
// generated in the page so a test can ask for 100,000 without shipping a fixture.
import type { AlertRow, Severity } from '../../src/worker/app-api';

const SEVERITIES: Severity[] = ['low', 'medium', 'high', 'critical'];
const RULES = [
  'Incoming Execution via WinRM Remote Shell',
  'WinRM remote shell (Sysmon / Security)',
  'Suspicious PowerShell Engine ImageLoad',
  'Lateral movement via WMI',
  'Service installed from a temp folder',
];

export function generatedRows(count: number, start = Date.UTC(2026, 10, 1)): AlertRow[] {
  const rows: AlertRow[] = new Array(count);
  let seed = 42;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  for (let i = 0; i < count; i++) {
    const t = start + Math.floor(rand() * 86_400_000 * 7);
    const severity = SEVERITIES[Math.floor(rand() * 4)];
    rows[i] = {
      id: `gen-${i}`,
      sessionId: 'harness',
      ruleId: `rule-${i % RULES.length}`,
      ruleName: RULES[i % RULES.length],
      severity,
      riskScore: 21 + SEVERITIES.indexOf(severity) * 25,
      timestamp: t,
      endTimestamp: t + Math.floor(rand() * 30_000),
      host: `host-${String(Math.floor(rand() * 40)).padStart(2, '0')}`,
      user: `user${Math.floor(rand() * 200)}`,
      process: `cmd.exe /c whoami #${i}`,
      status: 'open',
      hiddenBy: null,
      kind: 'sequence',
    };
  }
  return rows;
}
