// The Sigma data under ../shared/sigma: rule files, indexed by their id, and the regression
// cases (a rule id, the evtx_dump JSON it must fire on, the expected match count).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { shared } from '../../ingest/helpers.ts';

export const SIGMA_WINDOWS = 'sigma/rules/windows';
export const SIGMA_REGRESSION = 'sigma/regression_data/rules/windows';

export function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, keep, out);
    else if (keep(name)) out.push(path);
  }
  return out;
}

export interface SigmaRuleFile {
  /** Path relative to ../shared/sigma/rules/windows. */
  name: string;
  path: string;
  text: string;
}

export function windowsRules(): SigmaRuleFile[] {
  const root = shared(SIGMA_WINDOWS);
  return walk(root, (n) => n.endsWith('.yml')).map((path) => ({
    name: path.slice(root.length + 1),
    path,
    text: readFileSync(path, 'utf8'),
  }));
}

/** Rule files by the `id:` line at their top level. */
export function rulesById(files: SigmaRuleFile[]): Map<string, SigmaRuleFile> {
  const byId = new Map<string, SigmaRuleFile>();
  for (const f of files) {
    const m = /^id:\s*([0-9a-f-]+)\s*$/m.exec(f.text);
    if (m) byId.set(m[1], f);
  }
  return byId;
}

export interface RegressionCase {
  /** The case folder, relative to the regression root. */
  name: string;
  ruleId: string;
  json: string;
  evtx: string;
  matchCount: number | undefined;
}

export function regressionCases(): RegressionCase[] {
  const root = shared(SIGMA_REGRESSION);
  return walk(root, (n) => n === 'info.yml').map((info) => {
    const dir = info.slice(0, -'/info.yml'.length);
    const meta = parse(readFileSync(info, 'utf8')) as {
      rule_metadata: { id: string }[];
      regression_tests_info: { match_count?: number }[];
    };
    const ruleId = meta.rule_metadata[0].id;
    return {
      name: dir.slice(root.length + 1),
      ruleId,
      json: join(dir, `${ruleId}.json`),
      evtx: join(dir, `${ruleId}.evtx`),
      matchCount: meta.regression_tests_info[0]?.match_count,
    };
  });
}
