// "Why didn't the rule fire": per stage, how many events of the stage's category satisfied
// each top-level conjunct, with the conjuncts the language splits out of the real rule.
import { describe, expect, it } from 'vitest';
import { runQueries, type QuerySpec } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile, conjuncts } from '../../src/eql/index.ts';
import { WINRM_ELASTIC_QUERY } from '../../src/rules/index.ts';

const host = { id: 'h1' };
const network = (sourceIp: string, port: number): Doc => ({
  '@timestamp': '2024-03-05T10:15:02.000Z',
  event: { category: ['network'] },
  host,
  process: { pid: 4 },
  network: { direction: 'ingress', protocol: 'http' },
  source: { ip: sourceIp },
  destination: { port },
});
const child: Doc = {
  '@timestamp': '2024-03-05T10:15:10.000Z',
  event: { category: ['process'], type: ['start'] },
  host,
  process: { name: 'cmd.exe', parent: { name: 'winrshost.exe' } },
};

describe('near-miss counts', () => {
  it('shows which conjunct of which stage kept the WinRM rule silent', () => {
    const query = compile(WINRM_ELASTIC_QUERY, {
      categoryField: 'event.category',
      timestampField: '@timestamp',
    });
    const spec: QuerySpec = { id: 'winrm', query, nearMiss: query.stages.map(conjuncts) };
    const files = [[network('127.0.0.1', 5985), network('10.0.0.9', 443), child]];
    const [outcome] = runQueries([spec], files).outcomes;
    expect(outcome.results).toEqual([]);
    const [first, second] = outcome.stats.stages;
    expect(first.matched).toBe(0);
    expect(first.nearMiss!.categoryEvents).toBe(2);
    const satisfied = Object.fromEntries(
      first.nearMiss!.conjuncts.map((c) => [c.text, c.satisfied]),
    );
    expect(satisfied['process.pid == 4']).toBe(2);
    expect(satisfied['destination.port in (5985, 5986)']).toBe(1);
    expect(satisfied['source.ip != "127.0.0.1"']).toBe(1);
    expect(second.matched).toBe(1);
    expect(second.nearMiss!.categoryEvents).toBe(1);
    expect(second.nearMiss!.conjuncts.every((c) => c.satisfied === 1)).toBe(true);
  });
});
