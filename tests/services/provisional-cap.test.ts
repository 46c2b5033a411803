// The provisional correlation stays cheap: past PROVISIONAL_MAX_CANDIDATES it stops (and
// frees the batches it kept), while the final correlation still sees every candidate.
import { describe, expect, it } from 'vitest';
import { WINRM_ELASTIC_RULE_ID } from '../../src/rules/index.ts';
import { CorrelationRun, PROVISIONAL_MAX_CANDIDATES } from '../../src/worker/app/correlate.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import { builtinRunnable } from './helpers.ts';

/** Synthetic incoming WinRM connections (stage 1 of the WinRM rule), one host each. */
function connections(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    '@timestamp': new Date(Date.UTC(2024, 4, 1) + (from + i) * 1000).toISOString(),
    event: { category: ['network'], type: ['start'], kind: 'event' },
    host: { id: `h-${from + i}`, name: `host${from + i}` },
    process: { pid: 4, name: 'System' },
    network: { direction: 'ingress', protocol: 'http', transport: 'tcp' },
    source: { ip: '10.0.0.9', port: 50000 },
    destination: { ip: '10.0.0.1', port: 5985 },
  }));
}

const shell = (host: number, at: number) => ({
  '@timestamp': new Date(Date.UTC(2024, 4, 1) + at * 1000 + 500).toISOString(),
  event: { category: ['process'], type: ['start'], kind: 'event' },
  host: { id: `h-${host}`, name: `host${host}` },
  process: { pid: 7000, name: 'cmd.exe', parent: { name: 'winrshost.exe' } },
});

describe('provisional correlation cap', () => {
  it('previews under the cap, stops past it, and the final correlation is unaffected', () => {
    const rules = builtinRunnable().filter((r) => r.id === WINRM_ELASTIC_RULE_ID);
    expect(rules).toHaveLength(1);
    const run = new CorrelationRun(rules);
    const language = eqlLanguage();
    const name = (f: number) => `file ${f}`;
    const batch = 20_000;
    let record = 0;
    const add = (docs: object[]) => {
      run.addEvents({
        file: 0,
        firstRecord: record,
        docs: docs as never,
        lines: docs.map((_, i) => record + i + 1),
        raws: docs.map(() => null),
      });
      record += docs.length;
    };
    add([...connections(0, 10), shell(3, 3)]);
    const early = run.provisional('s', name, language);
    expect(early?.[0].map((a) => a.host)).toEqual(['host3']);
    expect(run.canPreview).toBe(true);

    for (let n = 10; n <= PROVISIONAL_MAX_CANDIDATES; n += batch) add(connections(n, batch));
    expect(run.canPreview).toBe(false);
    expect(run.provisional('s', name, language)).toBeNull();

    add([shell(150_000, 150_000)]);
    const final = run.finish('s', name, language);
    expect(final.alerts[0].map((a) => a.host).sort()).toEqual(['host150000', 'host3']);
  });
});
