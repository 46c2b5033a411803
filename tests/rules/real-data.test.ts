// The built-in rules on real recordings (../shared), normalised by the real ingest layer:
// each stage must see exactly the events an independent count finds (shared/README.md), and
// neither rule may fire, because none of these recordings holds a complete winrs sequence.
import { existsSync, openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { runQueries } from '../../src/engine/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { WINRM_ELASTIC_QUERY, WINRM_SEQUENT_QUERY } from '../../src/rules/index.ts';

const shared = (path: string) => fileURLToPath(new URL(`../../../shared/${path}`, import.meta.url));

function available(path: string): boolean {
  if (existsSync(shared(path))) return true;
  if (process.env.CI === 'true') throw new Error(`test data missing in CI: ${shared(path)}`);
  console.warn(`skipping ${path}: ../shared is not next to the repository`);
  return false;
}

async function docsOf(path: string): Promise<Doc[]> {
  const blob = await openAsBlob(shared(path));
  const docs: Doc[] = [];
  await ingestFile(
    { name: path, size: blob.size, stream: () => blob.stream() as ReadableStream<Uint8Array> },
    (batch) => {
      for (const e of batch) docs.push(e.doc);
    },
  );
  return docs;
}

const options = { categoryField: 'event.category', timestampField: '@timestamp' };
const elastic = compile(WINRM_ELASTIC_QUERY, options);
const sequent = compile(WINRM_SEQUENT_QUERY, options);

function get(doc: Doc, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], doc);
}

function stageCounts(query: typeof elastic, docs: Doc[]): number[] {
  return query.stages.map((s) => docs.filter((d) => s.test(d)).length);
}

function alerts(query: typeof elastic, docs: Doc[]): number {
  const [outcome] = runQueries([{ id: 'q', query, size: Infinity }], [docs]).outcomes;
  return outcome.total;
}

const cases: {
  path: string;
  why: string;
  sequentStages: [number, number] | [number, '>0'];
}[] = [
  {
    path: 'samples/otrf/covenant_com_wsman_automation.ndjson',
    why: 'one incoming WinRM connection accepted by System, no winrshost.exe child',
    sequentStages: [1, 0],
  },
  {
    path: 'samples/otrf/empire_psremoting_stager.ndjson',
    why: 'three incoming 5985 connections without a Sysmon ProcessId; PowerShell remoting, not winrs',
    sequentStages: [3, 0],
  },
  {
    path: 'samples/evtx-attack-samples/LM_winrm_exec_sysmon_1_winrshost.evtx.python-evtx.xml',
    why: 'only the process leg: cmd.exe started by winrshost.exe',
    sequentStages: [0, '>0'],
  },
  {
    path: 'samples/evtx-attack-samples/RogueWinRM.evtx.python-evtx.xml',
    why: 'loopback connections to 5985, which must never count',
    sequentStages: [0, 0],
  },
];

describe('the built-in WinRM rules on real recordings', () => {
  for (const c of cases) {
    it(`${c.path.split('/').pop()}: ${c.why}`, async () => {
      if (!available(c.path)) return;
      const docs = await docsOf(c.path);
      expect(docs.length).toBeGreaterThan(0);
      const [, second] = stageCounts(sequent, docs);
      // Each connection is logged twice when both Sysmon (3) and the Security log (5156)
      // record it; count connections by their source port, and say which logs saw them.
      const firstHits = docs.filter((d) => sequent.stages[0].test(d));
      const connections = new Set(
        firstHits.map((d) => `${get(d, 'source.ip')}:${get(d, 'source.port')}`),
      );
      expect(connections.size).toBe(c.sequentStages[0]);
      if (firstHits.length > 0) {
        expect(new Set(firstHits.map((d) => get(d, 'event.code')))).toEqual(new Set(['3', '5156']));
        expect(firstHits.length).toBe(2 * connections.size);
      }
      if (c.sequentStages[1] === '>0') expect(second).toBeGreaterThan(0);
      else expect(second).toBe(c.sequentStages[1]);
      // Sysmon and Security never record network.protocol, so Elastic's first stage is empty.
      expect(stageCounts(elastic, docs)[0]).toBe(0);
      expect(alerts(elastic, docs)).toBe(0);
      expect(alerts(sequent, docs)).toBe(0);
    });
  }
});

describe('a real connection and a real winrs shell, put on one host 5 s apart', () => {
  it("fire Sequent's variant once and Elastic's rule never", async () => {
    const network = 'samples/otrf/covenant_com_wsman_automation.ndjson';
    const shell =
      'samples/evtx-attack-samples/LM_winrm_exec_sysmon_1_winrshost.evtx.python-evtx.xml';
    if (!available(network) || !available(shell)) return;
    const connection = (await docsOf(network)).find(
      (d) => sequent.stages[0].test(d) && get(d, 'event.code') === '3',
    );
    const child = (await docsOf(shell)).find((d) => sequent.stages[1].test(d));
    expect(connection).toBeDefined();
    expect(child).toBeDefined();
    // Only the join key and the time are changed; every field the rules read stays real.
    const moved = structuredClone(child as Doc);
    moved.host = { ...(moved.host as Doc), id: get(connection as Doc, 'host.id') };
    moved['@timestamp'] = new Date(
      Date.parse(get(connection as Doc, '@timestamp') as string) + 5_000,
    ).toISOString();
    const docs = [connection as Doc, moved];
    expect(alerts(sequent, docs)).toBe(1);
    expect(alerts(elastic, docs)).toBe(0);
    moved['@timestamp'] = new Date(
      Date.parse(get(connection as Doc, '@timestamp') as string) + 31_000,
    ).toISOString();
    expect(alerts(sequent, docs)).toBe(0);
  });
});
