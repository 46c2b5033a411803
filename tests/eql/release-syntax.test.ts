// A scan worker compiles every rule, builds its collector, then lets the rules' syntax trees
// go (releaseSyntax): what it keeps must still run the rules exactly, and must not hold the
// trees. WeakRefs and a forced collection tell whether anything still holds them.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { Collector, Correlator, type QuerySpec } from '../../src/engine/index.ts';
import {
  compile,
  compiledTest,
  parse,
  releaseSyntax,
  type ast,
  type CompiledQuery,
  type Doc,
} from '../../src/eql/index.ts';
import { walk } from '../../src/eql/walk.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const WINRM =
  'sequence by host.id with maxspan=30s [network where process.pid == 4 and network.direction : ("incoming", "ingress") and destination.port in (5985, 5986) and network.protocol == "http" and source.ip != "127.0.0.1" and source.ip != "::1"] [process where event.type == "start" and process.parent.name : "winrshost.exe" and not process.name : "conhost.exe"]';
const RUNDLL =
  'process where event.type == "start" and process.name : "rundll32.exe" and process.args : ("*javascript:*", "*\\\\Users\\\\*")';
const QUERIES = [WINRM, RUNDLL];

// SYNTHETIC events, written for this test.
const events: Doc[] = [
  {
    '@timestamp': '2024-05-01T10:00:00.000Z',
    event: { category: 'network' },
    host: { id: 'h1' },
    process: { pid: 4 },
    network: { direction: 'incoming', protocol: 'http' },
    destination: { port: 5985 },
    source: { ip: '172.18.39.5' },
  },
  {
    '@timestamp': '2024-05-01T10:00:03.000Z',
    event: { category: 'process', type: 'start' },
    host: { id: 'h1' },
    process: {
      name: 'rundll32.exe',
      args: ['rundll32.exe', 'C:\\Users\\a\\x.dll'],
      parent: { name: 'WinRSHost.exe' },
    },
  },
  {
    '@timestamp': '2024-05-01T10:00:04.000Z',
    event: { category: 'process', type: 'start' },
    host: { id: 'h1' },
    process: { name: 'conhost.exe', parent: { name: 'winrshost.exe' } },
  },
];

/**
 * A collector and correlator built from `queries` (`afterBuild` runs in between), and a scan
 * of `events` through them: each query's results, as the events' positions in `events`.
 */
function scanner(queries: readonly CompiledQuery[], afterBuild: () => void = () => {}) {
  const specs: QuerySpec[] = queries.map((query, i) => ({ id: `q${i}`, query, size: 100 }));
  const collector = new Collector(specs, { categoryField: 'event.category', keepDocs: true });
  afterBuild();
  return () => {
    const correlator = new Correlator(specs);
    events.forEach((doc, record) => collector.add(doc, { file: 0, record }));
    correlator.add(collector.drain());
    return correlator
      .finish()
      .outcomes.map((o) => o.results.map((r) => r.events.map((e) => events.indexOf(e as Doc))));
  };
}

/** WeakRefs to every node of the trees, and to those of the stages' conditions. */
function nodesOf(trees: readonly ast.Query[]) {
  const all: WeakRef<object>[] = [];
  const conditions: WeakRef<object>[] = [];
  for (const tree of trees)
    walk(tree, (n) => {
      all.push(new WeakRef(n));
      if ('condition' in n) walk(n.condition, (c) => conditions.push(new WeakRef(c)));
    });
  return { all, conditions };
}

async function collected(refs: readonly WeakRef<object>[]): Promise<number> {
  // A WeakRef keeps its target until the current job ends.
  await new Promise((resolve) => setTimeout(resolve, 0));
  gc();
  return refs.filter((r) => r.deref() === undefined).length;
}

describe('releaseSyntax', () => {
  it('lets a compiled and planned rule set drop its syntax trees and still match the same', async () => {
    const expected = scanner(QUERIES.map((q) => compile(q)))();
    expect(expected.flat(2).length).toBeGreaterThan(0);

    const build = () => {
      const trees = QUERIES.map((q) => parse(q));
      const queries = trees.map((t) => compile(t));
      return { refs: nodesOf(trees), queries };
    };
    // Unreleased, the conditions stay: explain() and the plan may revisit them.
    const kept = build();
    const scanKept = scanner(kept.queries);
    expect(kept.refs.conditions.length).toBeGreaterThan(20);
    expect(await collected(kept.refs.conditions)).toBe(0);
    expect(scanKept()).toEqual(expected);

    // Released once the collector is built, as a scan worker does: the scan still runs, on
    // a collector that no longer holds any node.
    const released = build();
    const scanReleased = scanner(released.queries, () => released.queries.forEach(releaseSyntax));
    expect(await collected(released.refs.all)).toBe(released.refs.all.length);
    expect(scanReleased()).toEqual(expected);
  });

  it('keeps tests compiled before the release; a test first run after it says why it cannot', () => {
    const q = compile(WINRM);
    const network = compiledTest(q.stages[0]);
    releaseSyntax(q);
    expect(network(events[0])).toBe(true);
    expect(q.stages[0].test(events[0])).toBe(true);
    expect(() => q.stages[1].test(events[2])).toThrow(/syntax of \[process where .*released/);
  });

  it('checks a date literal when compiling, not when the stage first runs', () => {
    expect(() => compile('process where @timestamp > "yesterday"')).toThrow(/is not a date/);
  });
});
