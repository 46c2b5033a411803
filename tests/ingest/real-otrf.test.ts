// The two OTRF recordings (real NXLog exports). Expected values are the independent counts
// in ../shared/README.md, not outputs of this code.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fieldGaps, hostId } from '../../src/ingest/index.ts';
import { get, haveShared, ingestPath, shared, type Ingested } from './helpers.ts';

const EMPIRE = 'samples/otrf/empire_psremoting_stager.ndjson';
const COVENANT = 'samples/otrf/covenant_com_wsman_automation.ndjson';

const cache = new Map<string, Promise<Ingested>>();
const load = (rel: string) => {
  if (!cache.has(rel)) cache.set(rel, ingestPath(shared(rel)));
  return cache.get(rel)!;
};

const nonEmptyLines = (rel: string) =>
  readFileSync(shared(rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim()).length;

const incomingWinRM = (docs: Ingested['docs']) =>
  docs.filter(
    (d) =>
      get(d, 'event.code') === '3' &&
      get(d, 'event.module') === 'sysmon' &&
      get(d, 'network.direction') === 'ingress' &&
      get(d, 'destination.port') === 5985 &&
      get(d, 'process.executable') === 'System',
  );

describe.runIf(haveShared(EMPIRE) && haveShared(COVENANT))('OTRF recordings', () => {
  for (const rel of [EMPIRE, COVENANT]) {
    it(`reads every record of ${rel}`, async () => {
      const { diag, docs } = await load(rel);
      expect(diag.source).toBe('otrf-nxlog');
      expect(diag.container).toBe('ndjson');
      expect(diag.records.read).toBe(nonEmptyLines(rel));
      expect(diag.records.skipped).toBe(0);
      expect(diag.errors).toEqual([]);
      expect(docs).toHaveLength(nonEmptyLines(rel));
      expect(diag.withoutTimestamp).toBe(0);
    });
  }

  it('empire: three incoming 5985 connections to WORKSTATION6 from 172.18.39.5, typed as ECS', async () => {
    const hits = incomingWinRM((await load(EMPIRE)).docs);
    expect(hits).toHaveLength(3);
    for (const d of hits) {
      expect(get(d, 'source.ip')).toBe('172.18.39.5');
      expect(get(d, 'destination.ip')).toBe('172.18.39.6');
      expect(typeof get(d, 'source.port')).toBe('number');
      expect(get(d, 'network.transport')).toBe('tcp');
      expect(get(d, 'process.name')).toBe('System');
      // ProcessId is absent in this export; the System process is PID 4.
      expect(get(d, 'process.pid')).toBe(4);
      expect(get(d, 'event.category')).toEqual(['network']);
      expect(String(get(d, 'host.name')).toUpperCase()).toMatch(/^WORKSTATION6\b/);
    }
  });

  it('covenant: one incoming 5985 connection accepted by the System process', async () => {
    const hits = incomingWinRM((await load(COVENANT)).docs);
    expect(hits).toHaveLength(1);
    expect(get(hits[0], 'process.pid')).toBe(4);
    expect(get(hits[0], 'source.ip')).not.toMatch(/^(127\.|::1$)/);
  });

  it('empire: powershell.exe started by wsmprovhost.exe about 3 s after the first connection', async () => {
    const { docs } = await load(EMPIRE);
    const child = docs.filter(
      (d) =>
        get(d, 'event.code') === '1' &&
        get(d, 'process.parent.name') === 'wsmprovhost.exe' &&
        get(d, 'process.name') === 'powershell.exe',
    );
    expect(child).toHaveLength(1);
    const c = child[0];
    expect(get(c, 'event.type')).toEqual(['start']);
    expect(get(c, 'process.entity_id')).toMatch(/^\{[0-9a-f-]{36}\}$/);
    expect(get(c, 'process.args')).toContain('-enc');
    expect((get(c, 'process.args') as string[])[0]).toMatch(/powershell\.exe$/i);
    expect(get(c, 'user.name')).toBe('pgustavo');
    const first = Math.min(
      ...incomingWinRM(docs).map((d) => Date.parse(get(d, '@timestamp') as string)),
    );
    const delta = Date.parse(get(c, '@timestamp') as string) - first;
    expect(delta).toBeGreaterThan(2000);
    expect(delta).toBeLessThan(5000);
  });

  it('empire: WORKSTATION6 and WORKSTATION6.theshire.local get one host.id', async () => {
    const { docs, diag } = await load(EMPIRE);
    expect(diag.hosts).toEqual(
      expect.arrayContaining(['WORKSTATION6', 'WORKSTATION6.theshire.local']),
    );
    const ids = new Set(
      docs
        .filter((d) => /^workstation6(\.|$)/i.test(String(get(d, 'host.name'))))
        .map((d) => get(d, 'host.id')),
    );
    expect([...ids]).toEqual([hostId('WORKSTATION6')]);
    expect(hostId('WORKSTATION5.theshire.local')).not.toBe(hostId('WORKSTATION6'));
  });

  it('empire: Security 5156 inbound WinRM on WORKSTATION6 maps to the remote peer and the local port', async () => {
    const { docs } = await load(EMPIRE);
    const wfp = docs.filter(
      (d) =>
        get(d, 'event.code') === '5156' &&
        get(d, 'network.direction') === 'ingress' &&
        get(d, 'destination.port') === 5985,
    );
    expect(wfp.length).toBeGreaterThan(0);
    for (const d of wfp) {
      expect(get(d, 'source.ip')).toBe('172.18.39.5');
      expect(get(d, 'process.pid')).toBe(4);
      expect(get(d, 'process.name')).toBe('System');
      expect(get(d, 'winlog.channel')).toBe('Security');
    }
  });

  it('the field profile tells why the WinRM rule is silent on Sysmon data', async () => {
    const { diag } = await load(COVENANT);
    const gaps = fieldGaps(
      diag.fields,
      ['process.pid', 'network.direction', 'destination.port', 'network.protocol', 'source.ip'],
      {
        'network.direction': ['incoming', 'ingress'],
        'network.protocol': ['http'],
      },
    );
    expect(gaps.map((g) => g.field)).toEqual(['network.protocol']);
    // Sysmon 22 gives `dns`; Sysmon 3's DestinationPortName is `-` for 5985, so never `http`.
    expect(gaps[0].kind).toBe('value');
    expect(gaps[0].message).toMatch(/never "http".*"dns"/);
  });

  it('unmapped events still flow with winlog.*, event.code, @timestamp and host.*', async () => {
    const { docs, diag } = await load(EMPIRE);
    expect(diag.records.passedThrough).toBeGreaterThan(0);
    const d = docs.find((x) => get(x, 'event.code') === '4658')!;
    expect(get(d, 'winlog.channel')).toBe('Security');
    expect(get(d, 'winlog.event_data.HandleId')).toBeDefined();
    expect(get(d, 'host.id')).toBeTruthy();
    expect(get(d, '@timestamp')).toMatch(/^2020-09-20T/);
    expect(get(d, 'event.category')).toBeUndefined();
    // What Winlogbeat writes for a log read through the Windows event log API.
    expect(get(d, 'winlog.api')).toBe('wineventlog');
    expect(get(d, 'ecs.version')).toMatch(/^8\.\d+\.\d+$/);
  });

  it('PowerShell 800 and 4103: the host application and user from the context block', async () => {
    const { docs } = await load(EMPIRE);
    for (const code of ['800', '4103']) {
      const d = docs.find(
        (x) => get(x, 'event.code') === code && get(x, 'process.command_line') !== undefined,
      );
      expect(d, `a ${code} with a command line`).toBeDefined();
      expect(get(d!, 'process.name')).toMatch(/^powershell\.exe$/i);
      expect(get(d!, 'process.args')).toContain('-enc');
      expect(get(d!, 'user.name')).toBeTruthy();
    }
  });

  it('PowerShell 4103: CRLF payload lines split into type, command and parameter', async () => {
    const { docs } = await load(EMPIRE);
    // The recording's 4103 payloads end their lines with \r\n; the raw line is the reference.
    const d = docs.find(
      (x) =>
        get(x, 'event.code') === '4103' &&
        String(get(x, 'winlog.event_data.Payload')).startsWith(
          'CommandInvocation(Start-Sleep): "Start-Sleep"\r\nParameterBinding(Start-Sleep): name="Seconds"',
        ),
    );
    expect(d).toBeDefined();
    expect(get(d!, 'powershell.command.invocation_details')).toEqual([
      { type: 'CommandInvocation', related_command: 'Start-Sleep', value: '"Start-Sleep"' },
      {
        type: 'ParameterBinding',
        related_command: 'Start-Sleep',
        name: '"Seconds"',
        value: '"5"',
      },
    ]);
  });

  it('PowerShell 4103: events with the same payload get details of their own', async () => {
    const { docs } = await load(EMPIRE);
    const payload = (x: (typeof docs)[number]) => get(x, 'winlog.event_data.Payload');
    const ps = docs.filter((x) => get(x, 'event.code') === '4103' && payload(x));
    const [a, b] = ps.filter((x) => payload(x) === payload(ps[0]));
    expect(b, 'two 4103 events with one payload').toBeDefined();
    const da = get(a, 'powershell.command.invocation_details') as Array<Record<string, string>>;
    const db = get(b, 'powershell.command.invocation_details') as Array<Record<string, string>>;
    expect(db).toEqual(da);
    expect(db).not.toBe(da);
    expect(db[0]).not.toBe(da[0]);
  });
});
