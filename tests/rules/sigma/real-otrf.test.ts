// SigmaHQ's process_creation rules on a real PowerShell-remoting recording (OTRF's
// empire_psremoting_stager, NXLog flat records, read by the real ingest). shared/README.md
// says, from an independent count, that it holds powershell.exe started by wsmprovhost.exe
// on WORKSTATION6: SigmaHQ's rule for exactly that must fire, on that process.
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/eql/index.ts';
import { runQueries } from '../../../src/engine/index.ts';
import { convertSigma } from '../../../src/rules/sigma/index.ts';
import { haveShared, ingestPath, shared } from '../../ingest/helpers.ts';
import { windowsRules } from './shared.ts';

const RECORDING = 'samples/otrf/empire_psremoting_stager.ndjson';
const WINRM_HOST_RULE = 'Remote PowerShell Session Host Process (WinRM)';

describe.runIf(haveShared(RECORDING) && haveShared('sigma/rules/windows'))(
  'SigmaHQ process_creation rules on OTRF empire_psremoting_stager',
  () => {
    it('finds powershell.exe under wsmprovhost.exe on WORKSTATION6', async () => {
      const files = windowsRules().filter((f) => f.name.startsWith('process_creation/'));
      const rules = convertSigma(files).flatMap((o) => (o.status === 'converted' ? [o.rule] : []));
      const specs = rules.map((r) => ({
        id: r.id,
        name: r.name,
        query: compile(r.query!, { timestampField: '@timestamp' }),
        size: Infinity,
      }));
      const { docs } = await ingestPath(shared(RECORDING));
      const { outcomes } = runQueries(specs, [docs]);
      const id = rules.find((r) => r.name === WINRM_HOST_RULE)?.id;
      const fired = outcomes.find((o) => o.id === id);
      expect(fired?.total).toBeGreaterThan(0);
      // The rule matches wsmprovhost.exe itself or any child of it.
      type Proc = { process: { name: string; parent?: { name: string } }; host: { name: string } };
      const procs = fired!.results.map((r) => r.events[0] as Proc);
      for (const p of procs) {
        expect([p.process.name, p.process.parent?.name].map((n) => n?.toLowerCase())).toContain(
          'wsmprovhost.exe',
        );
        expect(p.host.name.toUpperCase()).toMatch(/^WORKSTATION6/);
      }
      expect(
        procs.some(
          (p) =>
            p.process.name.toLowerCase() === 'powershell.exe' &&
            p.process.parent?.name.toLowerCase() === 'wsmprovhost.exe',
        ),
      ).toBe(true);
    }, 300_000);
  },
);
