import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
const bin = new URL('../../bin/sequent.mjs', import.meta.url).pathname;

describe('sequent CLI', () => {
  it('prints the package version', () => {
    expect(execFileSync('node', [bin, '--version'], { encoding: 'utf8' }).trim()).toBe(pkg.version);
  });
  it('lists its commands in --help', () => {
    const help = execFileSync('node', [bin, '--help'], { encoding: 'utf8' });
    for (const cmd of ['scan', 'check', 'normalize']) expect(help).toContain(cmd);
  });
});
