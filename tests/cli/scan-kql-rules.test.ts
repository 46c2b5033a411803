// `sequent scan --rules` with KQL, threshold and new terms rules (synthetic rules and events
// written here), from a folder and from a zip: the built CLI end to end.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from './built-cli.ts';

let bin = '';
let built = '';
let dir = '';

const rule = (id: string, name: string, body: string) =>
  `[rule]\nrule_id = "${id}"\nname = "${name}"\ndescription = "Synthetic."\nseverity = "high"\nrisk_score = 73\n${body}\n`;

const RULES: Record<string, string> = {
  'kql.toml': rule(
    'kql-1',
    'Synthetic Whoami',
    'type = "query"\nlanguage = "kuery"\nquery = \'event.category:process and process.name:"whoami.exe"\'',
  ),
  'threshold.toml': rule(
    'thr-1',
    'Synthetic Failed Logons',
    'type = "threshold"\nlanguage = "kuery"\nfrom = "now-5m"\nquery = "event.code:4625"\n[rule.threshold]\nfield = ["source.ip"]\nvalue = 3',
  ),
  'new_terms.toml': rule(
    'nt-1',
    'Synthetic New Service',
    'type = "new_terms"\nlanguage = "kuery"\nquery = "event.code:7045"\n[rule.new_terms]\nfield = "new_terms_fields"\nvalue = ["service.name"]\n[[rule.new_terms.history_window_start]]\nfield = "history_window_start"\nvalue = "now-7d"',
  ),
  'esql.toml': rule(
    'esql-1',
    'Synthetic ES|QL',
    'type = "esql"\nlanguage = "esql"\nquery = "from x"',
  ),
};

const at = (min: number) =>
  new Date(Date.parse('2024-05-01T10:00:00Z') + min * 60_000).toISOString();
const EVENTS = [
  {
    '@timestamp': at(0),
    event: { category: ['process'], code: '1' },
    process: { name: 'whoami.exe' },
  },
  ...[1, 2, 3].map((m) => ({
    '@timestamp': at(m),
    event: { code: '4625' },
    source: { ip: '10.0.0.9' },
  })),
  ...[1, 20].map((m) => ({
    '@timestamp': at(m),
    event: { code: '4625' },
    source: { ip: '10.0.0.7' },
  })),
  { '@timestamp': at(4), event: { code: '7045' }, service: { name: 'evil' } },
  { '@timestamp': at(5), event: { code: '7045' }, service: { name: 'evil' } },
];

beforeAll(() => {
  ({ bin, dir: built } = buildCli());
  dir = mkdtempSync(join(tmpdir(), 'sequent-kql-'));
  for (const [name, text] of Object.entries(RULES)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'events.ndjson'), EVENTS.map((e) => JSON.stringify(e)).join('\n'));
  const zip = zipSync(
    Object.fromEntries(Object.entries(RULES).map(([n, t]) => [`r/${n}`, strToU8(t)])),
  );
  writeFileSync(join(dir, 'rules.zip'), zip);
}, 120_000);
afterAll(() => {
  for (const d of [built, dir]) if (d) rmSync(d, { recursive: true, force: true });
});

function scan(rules: string) {
  const r = spawnSync('node', [bin, 'scan', '--rules', rules, join(dir, 'events.ndjson')], {
    encoding: 'utf8',
  });
  const results = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return { code: r.status, stderr: r.stderr, results };
}

describe('sequent scan --rules with KQL, threshold and new terms rules', () => {
  it.each(['folder', 'zip'])('raises their alerts from a %s', (source) => {
    const r = scan(source === 'zip' ? join(dir, 'rules.zip') : dir);
    expect(r.code).toBe(0);
    const by = (id: string) => r.results.filter((x) => x.rule.id === id);
    expect(by('kql-1').map((x) => x.events[0].process.name)).toEqual(['whoami.exe']);
    const [threshold, ...more] = by('thr-1');
    expect(more).toEqual([]);
    expect(threshold.join_keys).toEqual(['10.0.0.9']);
    expect(threshold.events).toHaveLength(3);
    expect(threshold.threshold.count).toBe(3);
    expect(by('nt-1').map((x) => [x.new_terms, x.events[0]['@timestamp']])).toEqual([
      [['evil'], at(4)],
    ]);
    expect(r.stderr).toMatch(/Synthetic ES\|QL.*cannot run here: ES\|QL/);
  });
});
