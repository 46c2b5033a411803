// `sequent scan --threads 2` over raw .evtx files cut into ranges of two chunks prints exactly
// what one thread prints: the real corpus files with the most chunks, and a SYNTHETIC 2 MiB
// file (32 chunks, bench/evtx-data.ts) with Elastic's Windows EQL rules.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticEvtx } from '../../bench/evtx-data.ts';
import { buildCli, root } from './built-cli.ts';

const CORPUS = join(root, '../shared/evtx-corpus/evtx');
const WINDOWS_RULES = join(root, '../shared/detection-rules/rules/windows');

let bin = '';
let built = '';
let data = '';
let rules = '';

function scan(args: string[]) {
  const r = spawnSync('node', [bin, 'scan', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  ({ bin, dir: built } = buildCli());
  data = mkdtempSync(join(tmpdir(), 'sequent-threads-evtx-'));
  rules = mkdtempSync(join(tmpdir(), 'sequent-threads-evtx-rules-'));
  for (const f of readdirSync(WINDOWS_RULES, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.toml')) continue;
    const text = readFileSync(join(WINDOWS_RULES, f), 'utf8');
    if (/^type = "eql"$/m.test(text))
      copyFileSync(join(WINDOWS_RULES, f), join(rules, f.replace(/[\\/]/g, '__')));
  }
}, 120_000);

afterAll(() => {
  for (const dir of [built, data, rules]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sequent scan --threads over raw .evtx', () => {
  it('prints the same alerts and messages with 2 threads over chunk ranges as with 1', () => {
    expect(existsSync(CORPUS)).toBe(true);
    const biggest = readdirSync(CORPUS)
      .filter((n) => n.endsWith('.evtx'))
      .map((n) => ({ path: join(CORPUS, n), size: statSync(join(CORPUS, n)).size }))
      .sort((a, b) => b.size - a.size || (a.path < b.path ? -1 : 1))
      .slice(0, 8)
      .map((f) => f.path);
    const files = [...biggest, syntheticEvtx(2, data)];
    const args = ['--rules', rules, '--all', '--stats'];
    const one = scan([...args, '--threads', '1', ...files]);
    const two = scan([...args, '--threads', '2', '--chunk-size', '131072', ...files]);
    expect(one.stdout.split('\n').length).toBeGreaterThan(100);
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    // The --stats line's time and memory differ; its event count must not.
    const lines = (s: string) => s.trim().split('\n');
    const stats = (s: string) => JSON.parse(lines(s).at(-1)!) as { events: number; bytes: number };
    expect(lines(two.stderr).slice(0, -1)).toEqual(lines(one.stderr).slice(0, -1));
    expect(stats(two.stderr).events).toBe(stats(one.stderr).events);
    expect(stats(one.stderr).events).toBeGreaterThan(3000);
  }, 300_000);
});
