// `sequent scan --rules` with Sigma: a SigmaHQ rule file, and its whole folder, on the
// rule's own regression recording (real evtx_dump JSON), through the built CLI.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveShared, shared } from '../ingest/helpers.ts';
import { buildCli } from './built-cli.ts';

const RULE = 'sigma/rules/windows/process_creation/proc_creation_win_amsi_registry_tampering.yml';
const RECORDING =
  'sigma/regression_data/rules/windows/process_creation/proc_creation_win_amsi_registry_tampering/7dbbcac2-57a0-45ac-b306-ff30a8bd2981.json';

describe.runIf(haveShared(RULE) && haveShared(RECORDING))('sequent scan --rules with Sigma', () => {
  let bin = '';
  let built = '';
  beforeAll(() => {
    ({ bin, dir: built } = buildCli());
  }, 300_000);
  afterAll(() => rmSync(built, { recursive: true, force: true }));

  const scan = (rules: string) =>
    spawnSync('node', [bin, 'scan', '--rules', rules, shared(RECORDING)], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });

  it('runs a Sigma rule file: one alert, named after the rule', () => {
    const r = scan(shared(RULE));
    const alerts = r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { rule: { id: string } });
    expect(alerts.map((a) => a.rule.id)).toEqual(['7dbbcac2-57a0-45ac-b306-ff30a8bd2981']);
  });

  it('runs the process_creation folder: the rule fires among the others', () => {
    const r = scan(shared('sigma/rules/windows/process_creation'));
    const ids = r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { rule: { id: string } }).rule.id);
    expect(ids).toContain('7dbbcac2-57a0-45ac-b306-ff30a8bd2981');
    expect(r.stderr).toMatch(
      /proc_creation_win_susp_obfuscated_ip_download\.yml:1: rule "Obfuscated IP Download Activity" \(sigma\) cannot run here: re: the escape \\b at position 54/,
    );
  }, 120_000);
});
