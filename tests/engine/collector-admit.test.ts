// The Collector's `admit`: an event it refuses counts nowhere (no candidate, no stage count),
// and it is asked only about events some stage takes, or about every event while near-miss
// counts are kept. SYNTHETIC WinRM-shaped events, some of them given twice.
import { describe, expect, it } from 'vitest';
import { Collector, Correlator, runQueries, type QuerySpec } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile, conjuncts } from '../../src/eql/index.ts';
import { WINRM_ELASTIC_QUERY } from '../../src/rules/index.ts';

const at = (s: number) => new Date(Date.UTC(2024, 2, 5, 10, 0, s)).toISOString();
const network = (s: number, host: string): Doc => ({
  '@timestamp': at(s),
  event: { category: ['network'] },
  host: { id: host },
  process: { pid: 4 },
  network: { direction: 'ingress', protocol: 'http' },
  source: { ip: '10.0.0.9' },
  destination: { port: 5985 },
});
const shell = (s: number, host: string): Doc => ({
  '@timestamp': at(s),
  event: { category: ['process'], type: ['start'] },
  host: { id: host },
  process: { name: 'cmd.exe', parent: { name: 'winrshost.exe' } },
});
const other = (s: number): Doc => ({
  '@timestamp': at(s),
  event: { category: ['file'] },
  host: { id: 'h1' },
});

const unique = [network(1, 'h1'), other(2), shell(5, 'h1'), network(20, 'h2'), shell(29, 'h2')];
// The same objects again, in a second file and within the first.
const files = [
  [...unique, unique[0], unique[1]],
  [unique[2], unique[3], unique[4], other(40)],
];

function spec(nearMiss: boolean): QuerySpec {
  const query = compile(WINRM_ELASTIC_QUERY, { categoryField: 'event.category' });
  return { id: 'winrm', query, ...(nearMiss ? { nearMiss: query.stages.map(conjuncts) } : {}) };
}

/** Runs the files, admitting each document once; the documents it was asked about. */
function once(s: QuerySpec) {
  const seen = new Set<Doc>();
  const asked: Doc[] = [];
  let current: Doc | null = null;
  const admit = () => {
    asked.push(current!);
    if (seen.has(current!)) return false;
    seen.add(current!);
    return true;
  };
  const collector = new Collector([s], { admit });
  files.forEach((docs, file) =>
    docs.forEach((doc, record) => {
      current = doc;
      collector.add(doc, { file, record });
    }),
  );
  const correlator = new Correlator([s]);
  correlator.add(collector.drain());
  return { summary: correlator.finish(), asked };
}

describe('Collector admit', () => {
  for (const nearMiss of [false, true])
    it(`counts a refused event nowhere${nearMiss ? ', asking about every event with near-miss counts' : ''}`, () => {
      const s = spec(nearMiss);
      const { summary, asked } = once(s);
      const reference = runQueries([s], [unique, [other(40)]]);
      const [got] = summary.outcomes;
      const [want] = reference.outcomes;
      expect(JSON.stringify(got.results)).toBe(JSON.stringify(want.results));
      expect(got.results).toHaveLength(2);
      expect(got.stats).toEqual(want.stats);
      const all = files.flat().length;
      if (nearMiss) expect(asked).toHaveLength(all);
      else {
        // Only the network and process events, never the file events no stage takes.
        expect(asked).toHaveLength(all - 3);
        expect(asked.every((d) => (d.event as Doc).category !== undefined)).toBe(true);
      }
    });
});
