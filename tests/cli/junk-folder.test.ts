// `sequent scan` over a folder where most files are no event log (a LICENSE, YAML, a PNG, an
// executable, random bytes — generated here, synthetic): one line each, and the logs beside
// them still scan to the same alert as alone.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, root } from './built-cli.ts';

let bin = '';
let built = '';
let folder = '';

const winrm = (name: string) => `${root}tests/fixtures/engine/winrm/${name}`;

beforeAll(() => {
  ({ bin, dir: built } = buildCli());
  folder = mkdtempSync(join(tmpdir(), 'sequent-junk-'));
  writeFileSync(
    join(folder, 'LICENSE'),
    'MIT License\n\nCopyright (c) 2026 nobody\n\nPermission is hereby granted.\n',
  );
  writeFileSync(
    join(folder, 'rules.yaml'),
    '---\ntitle: x\nlevel: high\ndetection:\n  selection: a\n',
  );
  writeFileSync(
    join(folder, 'logo.png'),
    Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), Buffer.alloc(4000, 7)]),
  );
  writeFileSync(
    join(folder, 'tool.exe'),
    Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00', 'latin1'), Buffer.alloc(4000, 0xcc)]),
  );
  // Named like a log, holds noise: the name decides nothing.
  writeFileSync(
    join(folder, 'events.json'),
    Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)),
  );
  for (const f of ['network.ndjson', 'process.ndjson']) copyFileSync(winrm(f), join(folder, f));
}, 120_000);

afterAll(() => {
  for (const dir of [built, folder]) if (dir) rmSync(dir, { recursive: true, force: true });
});

const scan = (files: string[]) =>
  spawnSync('node', [bin, 'scan', '--rules', 'builtin', ...files], { encoding: 'utf8' });

describe('sequent scan over a folder of junk and logs', () => {
  it('says one line per junk file and finds the same alerts as the logs alone', () => {
    const all = readdirSync(folder)
      .sort()
      .map((f) => join(folder, f));
    const mixed = scan(all);
    const alone = scan(['network.ndjson', 'process.ndjson'].map((f) => join(folder, f)));
    expect(mixed.status).toBe(0);
    expect(mixed.stdout).toBe(alone.stdout);
    const alerts = mixed.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { rule?: { id: string } });
    expect(alerts.map((a) => a.rule?.id)).toContain('1cd01db9-be24-4bef-8e7c-e923f0ff78ab');
    const lines = mixed.stderr.split('\n').filter((l) => l.includes('not an event log'));
    expect(lines.sort()).toEqual([
      `sequent scan: ${join(folder, 'LICENSE')}: not an event log (plain text: "MIT License")`,
      `sequent scan: ${join(folder, 'events.json')}: not an event log (binary data)`,
      `sequent scan: ${join(folder, 'logo.png')}: not an event log (a PNG image)`,
      `sequent scan: ${join(folder, 'rules.yaml')}: not an event log (YAML text: "---")`,
      `sequent scan: ${join(folder, 'tool.exe')}: not an event log (a Windows executable or DLL (MZ))`,
    ]);
    expect(mixed.stderr).not.toMatch(/invalid JSON|unexpected text/);
  });
});
