// Sigma correlations end to end in Node: synthetic YAML rules and correlations (event_count,
// value_count, temporal_ordered, temporal) imported from their folder by `sequent scan
// --rules`, run through the real ingest and engine over planted evtx_dump records; each
// correlation reports the group that reaches it, not the one that just misses, with every
// contributing event as evidence.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED, plantedLines } from '../fixtures/sigma-correlation/planted.ts';
import { buildCli, root } from './built-cli.ts';

const RULES = join(root, 'tests/fixtures/sigma-correlation/rules');
const ID = (n: number) => `7f3a0c11-0000-4000-8000-00000000c00${n}`;

interface Alert {
  join_keys: unknown[];
  rule: { id: string; name: string };
  threshold?: { count: number; cardinality?: { field: string; value: number }[] };
  events: {
    host?: { name?: string };
    process?: { name?: string };
    winlog?: { event_id?: string; event_data?: Record<string, unknown> };
  }[];
}

describe('Sigma correlations through sequent scan', () => {
  let bin = '';
  let built = '';
  let alerts: Alert[] = [];
  let stderr = '';
  beforeAll(() => {
    ({ bin, dir: built } = buildCli());
    const data = mkdtempSync(join(tmpdir(), 'sequent-sigma-corr-'));
    const file = join(data, 'planted-synthetic.jsonl');
    writeFileSync(file, plantedLines());
    const r = spawnSync('node', [bin, 'scan', '--rules', RULES, file], { encoding: 'utf8' });
    rmSync(data, { recursive: true, force: true });
    stderr = r.stderr;
    alerts = r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Alert);
  }, 300_000);
  afterAll(() => rmSync(built, { recursive: true, force: true }));

  const of = (prefix: string) => alerts.filter((a) => a.rule.id.startsWith(prefix));
  const user = (e: Alert['events'][number]) => e.winlog?.event_data?.TargetUserName;

  it('imports every rule: the base rules only run inside their correlations', () => {
    expect(stderr).not.toMatch(/cannot run here|error/i);
    expect(new Set(alerts.map((a) => a.rule.id.split(':')[0]))).toEqual(
      new Set([ID(1), ID(2), ID(3), ID(4)]),
    );
  });

  it('event_count: five failed logons for alice, not four for bob', () => {
    const [alert, ...more] = of(ID(1));
    expect(more).toEqual([]);
    expect(alert.join_keys).toEqual([EXPECTED.bruteForce.group]);
    expect(alert.threshold?.count).toBe(EXPECTED.bruteForce.events);
    expect(alert.events).toHaveLength(EXPECTED.bruteForce.events);
    expect(alert.events.every((e) => user(e) === 'alice' && e.winlog?.event_id === '4625')).toBe(
      true,
    );
  });

  it('value_count: three accounts from 10.0.0.9, not two from 10.0.0.8', () => {
    const [alert, ...more] = of(ID(2));
    expect(more).toEqual([]);
    expect(alert.join_keys).toEqual([EXPECTED.spray.group]);
    expect(alert.threshold?.cardinality?.[0].value).toBe(EXPECTED.spray.users.length);
    expect(alert.events.map(user).sort()).toEqual(EXPECTED.spray.users);
  });

  it('temporal_ordered: whoami then net user on ws1 only, both events as evidence', () => {
    const found = of(ID(3));
    expect(found.map((a) => a.join_keys[0])).toEqual(EXPECTED.ordered);
    expect(found[0].events.map((e) => e.process?.name)).toEqual(['whoami.exe', 'net.exe']);
  });

  it('temporal: either order, on ws1 and ws2; ws3 is too slow', () => {
    const found = of(ID(4));
    expect(found.map((a) => a.join_keys[0]).sort()).toEqual(EXPECTED.anyOrder);
    expect(found.every((a) => a.events.length === 2)).toBe(true);
  });
});
