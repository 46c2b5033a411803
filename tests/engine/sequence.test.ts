import { describe, expect, it } from 'vitest';
import {
  Collector,
  Correlator,
  eventRefs,
  isEventStub,
  resolveEvents,
  runQueries,
  type QuerySpec,
  type SequenceResult,
} from '../../src/engine/index.ts';
import { ev, ids, query, type QueryShape } from './build.ts';
import type { Doc } from '../../src/eql/compiled.ts';

function run(shape: QueryShape, files: Doc[][], extra: Partial<QuerySpec> = {}) {
  const spec: QuerySpec = { id: 'q', query: query(shape), size: Infinity, ...extra };
  const summary = runQueries([spec], files);
  const outcome = summary.outcomes[0];
  return { ...outcome, summary, seqs: outcome.results.map((r) => ids(r.events)) };
}

const net = (where?: (d: Doc) => boolean) => ({ category: 'network', where });
const proc = (where?: (d: Doc) => boolean) => ({ category: 'process', where });

describe('sequence matching', () => {
  it('joins stages by key across files in time order, whatever the file order', () => {
    const a = [ev('process', 1500, 2, { host: 'h1' }), ev('network', 3000, 3, { host: 'h2' })];
    const b = [ev('network', 1000, 1, { host: 'h1' }), ev('process', 3500, 4, { host: 'h2' })];
    const shape = { by: ['host'], stages: [net(), proc()] };
    expect(run(shape, [a, b]).seqs).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(run(shape, [b, a]).seqs).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('reports join_keys as the key values', () => {
    const r = run({ by: ['host'], stages: [net(), proc()] }, [
      [ev('network', 1, 1, { host: 'h1' }), ev('process', 2, 2, { host: 'h1' })],
    ]);
    expect((r.results[0] as SequenceResult).join_keys).toEqual(['h1']);
  });

  it('requires each stage to be strictly later (same instant: input order decides)', () => {
    const shape = { stages: [net(), proc()] };
    expect(run(shape, [[ev('process', 5, 1), ev('network', 5, 2)]]).seqs).toEqual([]);
    expect(run(shape, [[ev('network', 5, 1), ev('process', 5, 2)]]).seqs).toEqual([[1, 2]]);
  });

  it('treats maxspan as inclusive', () => {
    const shape = { stages: [net(), proc()], maxspanMs: 30_000 };
    expect(run(shape, [[ev('network', 0, 1), ev('process', 30_000, 2)]]).seqs).toEqual([[1, 2]]);
    const late = run(shape, [[ev('network', 0, 1), ev('process', 30_001, 2)]]);
    expect(late.seqs).toEqual([]);
    expect(late.stats.rejectedByMaxspan).toBe(1);
  });

  it('takes the latest pending sequence and drops the older ones', () => {
    const shape = { stages: [net(), proc()] };
    const r = run(shape, [
      [ev('network', 1, 1), ev('network', 2, 2), ev('process', 3, 3), ev('process', 4, 4)],
    ]);
    expect(r.seqs).toEqual([[2, 3]]);
    expect(r.stats.sequencesStarted).toBe(2);
  });

  it('lets one event serve different stages of different sequences, never two of one', () => {
    const shape = { stages: [proc(), proc(), proc()] };
    expect(run(shape, [[1, 2, 3, 4].map((i) => ev('process', i, i))]).seqs).toEqual([
      [1, 2, 3],
      [2, 3, 4],
    ]);
    // stage 1 and 2 of the same query accept the same event: it still cannot fill both.
    expect(run(shape, [[ev('process', 1, 1), ev('process', 2, 2)]]).seqs).toEqual([]);
  });

  it('repeats a stage with runs', () => {
    const shape = { stages: [net(), { ...proc(), runs: 2 }] };
    const r = run(shape, [[ev('network', 1, 1), ev('process', 2, 2), ev('process', 3, 3)]]);
    expect(r.seqs).toEqual([[1, 2, 3]]);
  });

  it('drops a pending sequence when an until event of its key falls in between', () => {
    const shape = {
      by: ['host'],
      stages: [net(), proc()],
      until: { category: 'file' },
    };
    const files = [
      [
        ev('network', 1, 1, { host: 'a' }),
        ev('file', 2, 2, { host: 'a' }),
        ev('process', 3, 3, { host: 'a' }),
        ev('network', 1, 4, { host: 'b' }),
        ev('file', 2, 5, { host: 'c' }),
        ev('process', 3, 6, { host: 'b' }),
      ],
    ];
    const r = run(shape, files);
    expect(r.seqs).toEqual([[4, 6]]);
    expect(r.stats.rejectedByUntil).toBe(1);
  });

  it('ignores an until event before the sequence started', () => {
    const shape = { stages: [net(), proc()], until: { category: 'file' } };
    expect(run(shape, [[ev('file', 0, 9), ev('network', 1, 1), ev('process', 3, 3)]]).seqs).toEqual(
      [[1, 3]],
    );
  });

  it('yields one key per array element, every combination for several array keys', () => {
    const shape = { by: ['k', 'j'], stages: [net(), proc()] };
    const r = run(shape, [
      [
        ev('network', 1, 1, { k: [1, 2], j: ['x', 'y'] }),
        ev('process', 2, 2, { k: 2, j: 'y' }),
        ev('process', 3, 3, { k: [1], j: 'x' }),
      ],
    ]);
    expect(r.seqs).toEqual([
      [1, 2],
      [1, 3],
    ]);
    expect(r.stats.stages[0].distinctKeys).toBe(4);
  });

  it('compares keys exactly: 1 and "1" differ', () => {
    const shape = { by: ['k'], stages: [net(), proc()] };
    expect(
      run(shape, [[ev('network', 1, 1, { k: 1 }), ev('process', 2, 2, { k: '1' })]]).seqs,
    ).toEqual([]);
  });

  it('lets a null key match nothing unless written ?field', () => {
    const files = [[ev('network', 1, 1), ev('process', 2, 2)]];
    expect(run({ by: ['k'], stages: [net(), proc()] }, files).seqs).toEqual([]);
    const r = run({ by: ['?k'], stages: [net(), proc()] }, files);
    expect(r.seqs).toEqual([[1, 2]]);
    expect((r.results[0] as SequenceResult).join_keys).toEqual([null]);
  });

  it('orders by tiebreaker when timestamps tie', () => {
    const shape = { stages: [net(), proc()], tiebreaker: 'seq' };
    const r = run(shape, [[ev('process', 5, 2, { seq: 2 }), ev('network', 5, 1, { seq: 1 })]]);
    expect(r.seqs).toEqual([[1, 2]]);
  });

  it('applies head and tail to sequences ordered by their last event', () => {
    const events = [1, 2, 3, 4, 5, 6].map((i) => ev(i % 2 ? 'network' : 'process', i, i));
    const base = { stages: [net(), proc()] };
    expect(run(base, [events]).seqs).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(run({ ...base, pipes: [{ kind: 'head', count: 2 }] }, [events]).seqs).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(run({ ...base, pipes: [{ kind: 'tail', count: 1 }] }, [events]).seqs).toEqual([[5, 6]]);
  });

  it('caps at size and says how many more were found', () => {
    const events = [1, 2, 3, 4, 5, 6].map((i) => ev(i % 2 ? 'network' : 'process', i, i));
    const r = run({ stages: [net(), proc()] }, [events], { size: 2 });
    expect(r.seqs).toHaveLength(2);
    expect(r.total).toBe(3);
    expect(r.more).toBe(1);
  });

  it('counts events without a usable timestamp per file instead of dropping them silently', () => {
    const bad = { event: { category: ['network'] }, id: 7 };
    const r = run({ stages: [net(), proc()] }, [[ev('network', 1, 1)], [bad, ev('process', 2, 2)]]);
    expect(r.seqs).toEqual([[1, 2]]);
    expect(r.summary.untimedByFile).toEqual({ 1: 1 });
    expect(r.stats.untimed).toBe(1);
  });

  it('stops a query whose candidates exceed its budget, naming the rule and stage', () => {
    const events = Array.from({ length: 50 }, (_, i) => ev('process', i, i));
    const specs: QuerySpec[] = [
      { id: 'greedy', name: 'Greedy rule', query: query({ stages: [proc(), proc()] }), budget: 10 },
      { id: 'fine', query: query({ stages: [proc((d) => d.id === 1), proc((d) => d.id === 2)] }) },
    ];
    const [greedy, fine] = runQueries(specs, [events]).outcomes;
    expect(greedy.error).toMatch(/Greedy rule.*greedy.*stage 1 \[process where …\]/);
    expect(greedy.results).toEqual([]);
    expect(fine.error).toBeNull();
    expect(fine.results.map((r) => ids(r.events))).toEqual([[1, 2]]);
  });

  it('counts per-stage matches and distinct keys for "why did it not fire"', () => {
    const r = run({ by: ['host'], stages: [net(), proc()], maxspanMs: 10 }, [
      [
        ev('network', 0, 1, { host: 'a' }),
        ev('network', 0, 2, { host: 'b' }),
        ev('process', 100, 3, { host: 'a' }),
      ],
    ]);
    expect(r.seqs).toEqual([]);
    expect(r.stats.stages.map((s) => [s.matched, s.distinctKeys])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(r.stats.rejectedByMaxspan).toBe(1);
  });
});

describe('missing-event stages', () => {
  const normal = (d: Doc) => d.tag === 'normal';
  const missing = (d: Doc) => d.tag === 'missing';
  const t = (ms: number, id: number, tag: string) => ev('process', ms, id, { tag });

  it('discards a sequence with a missing-stage event between its neighbours', () => {
    const shape = {
      stages: [proc(normal), { ...proc(missing), missing: true }, proc(normal)],
      maxspanMs: 1000,
    };
    const files = [[t(1, 1, 'normal'), t(2, 2, 'normal'), t(3, 3, 'missing'), t(4, 4, 'normal')]];
    expect(run(shape, files).seqs).toEqual([[1, -1, 2]]);
  });

  it('decides a trailing missing stage within maxspan after the sequence', () => {
    const shape = {
      stages: [proc(normal), { ...proc(missing), missing: true }],
      maxspanMs: 1000,
    };
    const files = [
      [t(1, 1, 'normal'), t(2, 2, 'normal'), t(3, 3, 'missing'), t(5000, 4, 'normal')],
    ];
    expect(run(shape, files).seqs).toEqual([[4, -1]]);
    // beyond maxspan the trailing event no longer counts
    const far = [[t(1, 1, 'normal'), t(2000, 3, 'missing')]];
    expect(run(shape, far).seqs).toEqual([[1, -1]]);
  });

  it('decides a leading missing stage within maxspan before the sequence', () => {
    const shape = {
      stages: [{ ...proc(missing), missing: true }, proc(normal)],
      maxspanMs: 1000,
    };
    const files = [[t(1, 1, 'missing'), t(500, 2, 'normal'), t(5000, 3, 'normal')]];
    expect(run(shape, files).seqs).toEqual([[-1, 3]]);
  });

  it('only counts missing-stage events of the same join key', () => {
    const shape = {
      by: ['k'],
      stages: [proc(normal), { ...proc(missing), missing: true }, proc(normal)],
      maxspanMs: 1000,
    };
    const files = [
      [
        ev('process', 1, 1, { tag: 'normal', k: 1 }),
        ev('process', 2, 2, { tag: 'missing', k: 2 }),
        ev('process', 3, 3, { tag: 'normal', k: 1 }),
      ],
    ];
    expect(run(shape, files).seqs).toEqual([[1, -1, 3]]);
  });
});

describe('event queries', () => {
  it('returns events in time order, head and tail, and counts what size left out', () => {
    const events = [5, 3, 1, 4, 2].map((i) => ev('process', i * 10, i));
    const shape = { stages: [proc()] };
    expect(run(shape, [events]).seqs).toEqual([[1], [2], [3], [4], [5]]);
    expect(run({ ...shape, pipes: [{ kind: 'tail', count: 2 }] }, [events]).seqs).toEqual([
      [4],
      [5],
    ]);
    const capped = run(shape, [events], { size: 2 });
    expect(capped.seqs).toEqual([[1], [2]]);
    expect(capped.more).toBe(3);
  });

  it('keeps only the window it can return, even over many events', () => {
    const events = Array.from({ length: 5000 }, (_, i) => ev('process', 5000 - i, 5000 - i));
    const r = run({ stages: [proc()], pipes: [{ kind: 'head', count: 3 }] }, [events]);
    expect(r.seqs).toEqual([[1], [2], [3]]);
    expect(r.total).toBe(3);
  });
});

describe('samples', () => {
  it('takes one distinct event per stage per key, keys ascending, no timestamp needed', () => {
    const shape: QueryShape = {
      kind: 'sample',
      by: ['host'],
      stages: [net(), proc()],
    };
    const noTime = (cat: string, id: number, host: string) => ({
      event: { category: [cat] },
      id,
      host,
    });
    const r = run(shape, [
      [noTime('process', 1, 'b'), noTime('network', 2, 'b'), noTime('network', 3, 'a')],
      [noTime('process', 4, 'a'), noTime('network', 5, 'c')],
    ]);
    expect(r.seqs).toEqual([
      [3, 4],
      [2, 1],
    ]);
    expect(r.results.map((x) => (x as SequenceResult).join_keys)).toEqual([['a'], ['b']]);
    // Used, not lost: nothing to report as unordered.
    expect(r.summary.untimedByFile).toEqual({});
    expect(r.stats.untimed).toBe(0);
  });
});

describe('references instead of documents', () => {
  it('keeps only EventRefs when asked, and resolves them to the same results', () => {
    const files = [
      [ev('network', 1, 1, { host: 'a' }), ev('file', 2, 2)],
      [ev('process', 3, 3, { host: 'a' })],
    ];
    const specs: QuerySpec[] = [
      { id: 's', query: query({ by: ['host'], stages: [net(), proc()] }) },
      { id: 'e', query: query({ stages: [{ category: 'file' }] }) },
    ];
    const withDocs = runQueries(specs, files);
    const refsOnly = runQueries(specs, files, { keepDocs: false });
    const refs = eventRefs(refsOnly);
    expect(refs.map((r) => [r.file, r.record])).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(refsOnly.outcomes[0].results[0].events.every(isEventStub)).toBe(true);
    const resolved = resolveEvents(refsOnly, (r) => files[r.file][r.record]);
    expect(resolved.outcomes.map((o) => o.results)).toEqual(
      withDocs.outcomes.map((o) => o.results),
    );
    expect(() => resolveEvents(refsOnly, () => undefined)).toThrow(/could not be read back/);
  });
});

describe('pending state under maxspan', () => {
  it('forgets sequences whose window has passed without changing results', () => {
    // 6000 one-off keys that never complete, and one that does at the very end.
    const events = Array.from({ length: 6000 }, (_, i) => ev('network', i * 10, i, { k: `k${i}` }));
    events.push(ev('network', 60_000, 9001, { k: 'x' }), ev('process', 60_005, 9002, { k: 'x' }));
    const r = run({ by: ['k'], stages: [net(), proc()], maxspanMs: 50 }, [events.reverse()]);
    expect(r.seqs).toEqual([[9001, 9002]]);
    expect(r.stats.sequencesExpired).toBeGreaterThan(4000);
  });
});

describe('category fields per query', () => {
  it('routes each query by the category field it was compiled with', () => {
    const specs: QuerySpec[] = [
      { id: 'ecs', query: query({ stages: [{ category: 'process' }] }) },
      {
        id: 'override',
        categoryField: 'kind',
        query: query({ stages: [{ category: 'proc' }], categoryField: 'kind' }),
      },
    ];
    const files = [[ev('process', 1, 1), { '@timestamp': 2, kind: 'proc', id: 2 }]];
    const [ecs, override] = runQueries(specs, files).outcomes;
    expect(ecs.results.map((r) => ids(r.events))).toEqual([[1]]);
    expect(override.results.map((r) => ids(r.events))).toEqual([[2]]);
  });
});

describe('collectors that drain after every batch', () => {
  const events = Array.from({ length: 400 }, (_, i) => ev('process', i, i));
  function drainEvery(specs: QuerySpec[], n: number) {
    const collector = new Collector(specs);
    const correlator = new Correlator(specs);
    events.forEach((doc, record) => {
      collector.add(doc, { file: 0, record });
      if (record % n === 0) correlator.add(collector.drain());
    });
    correlator.add(collector.drain());
    return correlator.finish().outcomes;
  }

  it('still trips the budget: the correlator enforces it across batches', () => {
    const spec: QuerySpec = {
      id: 'greedy',
      query: query({ stages: [proc(), proc()] }),
      budget: 100,
    };
    const [outcome] = drainEvery([spec], 10);
    expect(outcome.error).toMatch(/greedy.*more than 100 candidate events/);
  });

  it('keeps only the event window across batches, with the same results', () => {
    const spec: QuerySpec = {
      id: 'tail',
      query: query({ stages: [proc()], pipes: [{ kind: 'tail', count: 3 }] }),
    };
    const [outcome] = drainEvery([spec], 5);
    expect(outcome.results.map((r) => ids(r.events))).toEqual([[397], [398], [399]]);
    expect(outcome.total).toBe(3);
  });
});
