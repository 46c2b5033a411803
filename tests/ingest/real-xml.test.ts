// python-evtx renderings of real .evtx files (EVTX-ATTACK-SAMPLES): the Event XML reader on
// every file of the corpus, and the ECS fields of the WinRM-related samples.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { get, haveShared, ingestPath, shared } from './helpers.ts';

const SAMPLES = 'samples/evtx-attack-samples';
const CORPUS = 'evtx-corpus/python-evtx-xml';

const eventElements = (path: string) =>
  (readFileSync(path, 'utf8').match(/<Event[\s>]/g) ?? []).length;

describe.runIf(haveShared(SAMPLES))(
  'EVTX-ATTACK-SAMPLES WinRM recordings (python-evtx XML)',
  () => {
    const path = (f: string) => shared(`${SAMPLES}/${f}.evtx.python-evtx.xml`);

    it('winrshost: the process leg of a winrs execution, with Windows argument splitting', async () => {
      const { docs, diag } = await ingestPath(path('LM_winrm_exec_sysmon_1_winrshost'));
      expect(diag.source).toBe('event-xml');
      expect(diag.records.read).toBe(eventElements(path('LM_winrm_exec_sysmon_1_winrshost')));
      const child = docs.filter((d) => get(d, 'process.parent.name') === 'winrshost.exe');
      expect(child.length).toBeGreaterThan(0);
      const cmd = child.find((d) => /ipconfig/i.test(String(get(d, 'process.command_line'))))!;
      expect(get(cmd, 'process.name')).toBe('cmd.exe');
      expect((get(cmd, 'process.args') as string[]).slice(-2)).toEqual(['/C', 'ipconfig']);
      expect(get(cmd, 'host.name')).toBe('DC1.insecurebank.local');
      expect(get(cmd, 'event.category')).toEqual(['process']);
      // python-evtx writes SystemTime without a zone: it is UTC.
      expect(get(cmd, '@timestamp')).toMatch(/Z$/);
    });

    it('RogueWinRM: its connections to 5985 are loopback, and booleans come as True/False', async () => {
      const { docs } = await ingestPath(path('RogueWinRM'));
      const net = docs.filter((d) => get(d, 'event.code') === '3');
      expect(net.length).toBeGreaterThan(0);
      for (const d of net) {
        expect(get(d, 'source.ip')).toMatch(/^(127\.|::1$)/);
        expect(['ingress', 'egress']).toContain(get(d, 'network.direction'));
      }
    });

    it('WinRM Operational 169 and 91 are mapped', async () => {
      const auth = (
        await ingestPath(path('RemotePowerShell_MS_Windows-Remote_Management_EventID_169'))
      ).docs.filter((d) => get(d, 'event.code') === '169');
      expect(auth.length).toBeGreaterThan(0);
      expect(get(auth[0], 'event.category')).toEqual(['authentication']);
      expect(get(auth[0], 'user.name')).toBeTruthy();
      const shell = (await ingestPath(path('LM_winrm_target_wrmlogs_91_wsmanShellStarted_poorLog')))
        .docs;
      expect(shell.map((d) => get(d, 'event.action'))).toEqual(['wsman-shell-created']);
    });

    it('Security 4624 and 4688 from a WMI lateral movement: logon type and hex PIDs typed', async () => {
      const { docs } = await ingestPath(path('LM_WMI_4624_4688_TargetHost'));
      const logon = docs.find((d) => get(d, 'event.code') === '4624')!;
      expect(typeof get(logon, 'winlog.logon.type')).toBe('string');
      const proc = docs.find((d) => get(d, 'event.code') === '4688')!;
      expect(typeof get(proc, 'process.pid')).toBe('number');
      expect(typeof get(proc, 'process.parent.pid')).toBe('number');
      const hex = String(get(proc, 'winlog.event_data.NewProcessId'));
      expect(get(proc, 'process.pid')).toBe(parseInt(hex, 16));
    });
  },
);

describe.runIf(haveShared(CORPUS))('the whole python-evtx corpus', () => {
  it('every <Event> of every file is read, none skipped', async () => {
    const dir = shared(CORPUS);
    const files = readdirSync(dir).filter((f) => f.endsWith('.xml'));
    expect(files.length).toBeGreaterThan(200);
    let events = 0;
    for (const f of files) {
      const { diag } = await ingestPath(`${dir}/${f}`);
      const expected = eventElements(`${dir}/${f}`);
      expect({
        f,
        read: diag.records.read,
        skipped: diag.records.skipped,
        errors: diag.errors,
      }).toEqual({
        f,
        read: expected,
        skipped: 0,
        errors: [],
      });
      expect(diag.withoutTimestamp).toBe(0);
      events += expected;
    }
    expect(events).toBeGreaterThan(1000);
  });
});
