// End to end on real recordings: ingest → EQL (src/eql) → correlator (src/engine).
import { describe, expect, it } from 'vitest';
import { runQueries } from '../../src/engine/index.ts';
import { compile } from '../../src/eql/index.ts';
import { hostId, mergeProfiles, stageGaps } from '../../src/ingest/index.ts';
import { get, haveShared, ingestPath, shared } from './helpers.ts';

// Elastic's "Incoming Execution via WinRM Remote Shell", verbatim.
const WINRM_RULE = `sequence by host.id with maxspan=30s
  [network where process.pid == 4 and network.direction : ("incoming", "ingress") and
    destination.port in (5985, 5986) and network.protocol == "http" and
    source.ip != "127.0.0.1" and source.ip != "::1"]
  [process where event.type == "start" and process.parent.name : "winrshost.exe" and
    not process.name : "conhost.exe"]`;

// PowerShell remoting: the System process accepts WinRM, then wsmprovhost starts a child.
const PS_REMOTING = `sequence by host.id with maxspan=30s
  [network where process.pid == 4 and network.direction == "ingress" and
    destination.port in (5985, 5986) and source.ip != "127.0.0.1" and source.ip != "::1"]
  [process where event.type == "start" and process.parent.name : "wsmprovhost.exe"]`;

const EMPIRE = 'samples/otrf/empire_psremoting_stager.ndjson';
const COVENANT = 'samples/otrf/covenant_com_wsman_automation.ndjson';
const ROGUE = 'samples/evtx-attack-samples/RogueWinRM.evtx.python-evtx.xml';

async function run(query: string, rel: string) {
  const { docs } = await ingestPath(shared(rel));
  const [outcome] = runQueries(
    [{ id: 'q', query: compile(query), size: Infinity }],
    [docs],
  ).outcomes;
  expect(outcome.error).toBeNull();
  return outcome;
}

describe.runIf(haveShared(EMPIRE) && haveShared(COVENANT) && haveShared(ROGUE))(
  'rules on real data',
  () => {
    for (const rel of [EMPIRE, COVENANT, ROGUE]) {
      it(`the WinRM remote-shell rule gives 0 alerts on ${rel}`, async () => {
        const outcome = await run(WINRM_RULE, rel);
        expect(outcome.total).toBe(0);
        // Silent for the right reason: no process has a winrshost.exe parent.
        expect(outcome.stats.stages[1].matched).toBe(0);
      });
    }

    it('the PowerShell-remoting sequence finds the WORKSTATION6 lateral movement in empire', async () => {
      const outcome = await run(PS_REMOTING, EMPIRE);
      expect(outcome.total).toBeGreaterThanOrEqual(1);
      const seq = outcome.results[0];
      expect('join_keys' in seq && seq.join_keys).toEqual([hostId('WORKSTATION6')]);
      const [net, proc] = seq.events as Record<string, unknown>[];
      expect(get(net, 'source.ip')).toBe('172.18.39.5');
      expect(get(net, 'destination.port')).toBe(5985);
      expect(get(proc, 'process.name')).toBe('powershell.exe');
      expect(get(proc, 'process.parent.name')).toBe('wsmprovhost.exe');
      for (const r of outcome.results) {
        expect('join_keys' in r && r.join_keys).toEqual([hostId('WORKSTATION6')]);
      }
    });

    it('the PowerShell-remoting sequence stays silent on RogueWinRM (loopback only)', async () => {
      expect((await run(PS_REMOTING, ROGUE)).total).toBe(0);
    });
  },
);

describe.runIf(haveShared(EMPIRE) && haveShared(COVENANT))('why a rule is silent', () => {
  it('stageGaps over both OTRF files: the WinRM rule reads no field the data lacks entirely', async () => {
    const profiles = await Promise.all(
      [EMPIRE, COVENANT].map(async (r) => (await ingestPath(shared(r))).diag.fields),
    );
    const merged = mergeProfiles(profiles);
    expect(merged.events).toBe(profiles[0].events + profiles[1].events);
    const rule = compile(WINRM_RULE);
    // Every field exists somewhere; the rule is silent on values (fieldGaps with expected values).
    expect(stageGaps(merged, rule.stages)).toEqual([]);
    const gaps = stageGaps(
      merged,
      compile('process where winlog.event_data.NoSuchField == "x"').stages,
    );
    expect(gaps).toHaveLength(1);
    expect(gaps[0].gaps.map((g) => g.field)).toEqual(['winlog.event_data.NoSuchField']);
  });
});
