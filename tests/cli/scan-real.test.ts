// `sequent scan` on the real recordings in ../shared/samples (see /work/shared/README.md for
// what an independent count finds in them): the WinRM remote-shell rules must stay silent
// on all of them, while the single legs they do contain are found.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, samples, samplesUnavailable } from './built-cli.ts';

let bin = '';
let built = '';

const missing = samplesUnavailable();
if (missing) console.warn(`skipping real-data scan tests: ${missing}`);

function scan(args: string[]) {
  const r = spawnSync('node', [bin, 'scan', ...args], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

const otrf = (name: string) => `${samples}otrf/${name}.ndjson`;
const evtxXml = () =>
  readdirSync(`${samples}evtx-attack-samples`)
    .filter((f) => f.endsWith('.python-evtx.xml'))
    .map((f) => `${samples}evtx-attack-samples/${f}`);

describe.skipIf(missing !== null)('sequent scan on real recordings', () => {
  beforeAll(() => {
    ({ bin, dir: built } = buildCli());
  }, 120_000);
  afterAll(() => {
    if (built) rmSync(built, { recursive: true, force: true });
  });

  it('raises no WinRM remote-shell alert on the OTRF recordings', () => {
    const files = [otrf('covenant_com_wsman_automation'), otrf('empire_psremoting_stager')];
    expect(scan(['--rules', 'builtin', ...files])).toEqual([]);
  });

  it('finds the incoming WinRM connection in the covenant recording all the same', () => {
    const found = scan([
      '--query',
      'network where destination.port in (5985, 5986) and network.direction : ("incoming", "ingress") and source.ip != "127.0.0.1" and source.ip != "::1"',
      '--size',
      '100',
      otrf('covenant_com_wsman_automation'),
    ]);
    expect(found.length).toBeGreaterThanOrEqual(1);
  });

  it('raises no alert on the EVTX attack samples, though the winrshost child is there', () => {
    const files = evtxXml();
    expect(files.length).toBe(7);
    expect(scan(['--rules', 'builtin', ...files])).toEqual([]);
    const children = scan([
      '--query',
      'process where event.type == "start" and process.parent.name : "winrshost.exe"',
      ...files,
    ]);
    expect(children).toHaveLength(1);
    expect(children[0].events[0].process.command_line).toMatch(/ipconfig/i);
  });

  it('never treats RogueWinRM loopback connections as remote', () => {
    const rogue = `${samples}evtx-attack-samples/RogueWinRM.evtx.python-evtx.xml`;
    const loopback = scan(['--query', 'network where destination.port == 5985', rogue]);
    expect(loopback.length).toBeGreaterThan(0);
    expect(scan(['--rules', 'builtin', rogue])).toEqual([]);
  });
});
