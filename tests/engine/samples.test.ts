// `sample by …` against Elasticsearch's SampleIterator: per key, each stage contributes its
// first `stages + max_samples_per_key - 1` events in input order, a depth-first walk takes
// distinct-event combinations, and keys come in composite-aggregation order (null first).
// The events are synthetic, shaped like ES's sample QA data (hosts, os / op_sys).
import { describe, expect, it } from 'vitest';
import { runQueries, type SequenceResult } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { combinations } from '../../src/engine/sample-matcher.ts';
import { compareSampleKeys } from '../../src/engine/sample-key-order.ts';

const alert = (id: number, type: string, fields: Doc = {}): Doc => ({
  id,
  event_type: type,
  ...fields,
});

function samples(source: string, files: Doc[][], maxSamplesPerKey?: number) {
  const query = compile(source, { categoryField: 'event_type' });
  const [outcome] = runQueries(
    [{ id: 'q', query, size: Infinity, ...(maxSamplesPerKey ? { maxSamplesPerKey } : {}) }],
    files,
    { categoryField: 'event_type' },
  ).outcomes;
  expect(outcome.error).toBeNull();
  return (outcome.results as SequenceResult[]).map((r) => ({
    keys: r.join_keys,
    ids: r.events.map((e) => (e as Doc).id),
  }));
}

// One file: win10 has three alert_1 (1, 2, 4) and one alert_2 (3); redhat one of each.
const multi = [
  [
    alert(1, 'alert_1', { os: 'win10' }),
    alert(2, 'alert_1', { os: 'win10' }),
    alert(3, 'alert_2', { os: 'win10' }),
    alert(4, 'alert_1', { os: 'win10' }),
    alert(6, 'alert_2', { os: 'redhat' }),
    alert(7, 'alert_1', { os: 'redhat' }),
  ],
];
const byOs = 'sample by os [alert_1 where true] [alert_2 where true]';

describe('max_samples_per_key', () => {
  it('gives one sample per key by default, keys ascending', () => {
    expect(samples(byOs, multi)).toEqual([
      { keys: ['redhat'], ids: [7, 6] },
      { keys: ['win10'], ids: [1, 3] },
    ]);
  });

  it('reuses the lone alert_2 in a second sample of the key (the issue’s example)', () => {
    expect(samples(byOs, multi, 2)).toEqual([
      { keys: ['redhat'], ids: [7, 6] },
      { keys: ['win10'], ids: [1, 3] },
      { keys: ['win10'], ids: [2, 3] },
    ]);
  });

  it('stops at the combinations there are, however large N is', () => {
    const three = samples(byOs, multi, 3).map((s) => s.ids);
    expect(three).toEqual([
      [7, 6],
      [1, 3],
      [2, 3],
      [4, 3],
    ]);
    expect(samples(byOs, multi, 10).map((s) => s.ids)).toEqual(three);
  });

  it('keeps stage order inside a sample whatever the input order', () => {
    const reversed = 'sample by os [alert_2 where true] [alert_1 where true]';
    expect(samples(reversed, multi, 2).map((s) => s.ids)).toEqual([
      [6, 7],
      [3, 1],
      [3, 2],
    ]);
  });

  it('never puts one event twice in a sample, but lets the next sample reuse it', () => {
    const same = [[1, 2, 3, 4, 5].map((i) => alert(i, 'process', { host: 'h' }))];
    const q = 'sample by host [process where true] [process where true]';
    expect(samples(q, same).map((s) => s.ids)).toEqual([[1, 2]]);
    expect(samples(q, same, 2).map((s) => s.ids)).toEqual([
      [1, 2],
      [1, 3],
    ]);
    expect(samples(q, same, 3).map((s) => s.ids)).toEqual([
      [1, 2],
      [1, 3],
      [1, 4],
    ]);
  });

  it('fetches only the first stages + N - 1 events of a stage, in input order', () => {
    // Three stages, N = 1: each stage sees 3 events. Events 1-3 match all three stages,
    // so the walk finds [1, 2, 3] although 9 (stage 2 only) comes later.
    const events = [
      ...[1, 2, 3].map((i) => alert(i, 'process', { host: 'h', all: true })),
      alert(9, 'process', { host: 'h', all: false }),
    ];
    const q = 'sample by host [process where all] [process where true] [process where true]';
    expect(samples(q, [events]).map((s) => s.ids)).toEqual([[1, 2, 3]]);
  });
});

describe('sample order and keys', () => {
  it('puts a null (optional, missing) key before any value', () => {
    const events = [
      alert(1, 'success', { host: 'doom', os: 'win10' }),
      alert(2, 'alert', { host: 'doom', os: 'win10' }),
      alert(3, 'success', { host: 'doom' }),
      alert(4, 'alert', { host: 'doom' }),
      alert(5, 'success', { host: 'GTA' }),
      alert(6, 'alert', { host: 'GTA' }),
    ];
    const q = 'sample by host, ?os [success where true] [alert where true]';
    expect(samples(q, [events])).toEqual([
      { keys: ['GTA', null], ids: [5, 6] },
      { keys: ['doom', null], ids: [3, 4] },
      { keys: ['doom', 'win10'], ids: [1, 2] },
    ]);
  });

  it('skips events without a non-optional key', () => {
    const events = [alert(1, 'success', {}), alert(2, 'alert', {})];
    expect(samples('sample by os [success where true] [alert where true]', [events])).toEqual([]);
    expect(samples('sample by ?os [success where true] [alert where true]', [events])).toEqual([
      { keys: [null], ids: [1, 2] },
    ]);
  });

  it('orders numeric keys numerically', () => {
    const events = [10, 9, 100].flatMap((pid) => [
      alert(pid, 'success', { pid }),
      alert(pid + 1000, 'alert', { pid }),
    ]);
    const keys = samples('sample by pid [success where true] [alert where true]', [events]);
    expect(keys.map((s) => s.keys)).toEqual([[9], [10], [100]]);
  });

  it('joins stages whose keys have different names ([…] by os […] by op_sys)', () => {
    // Like ES's sample1 / sample2 indices: one names the field os, the other op_sys.
    const sample1 = [
      alert(11, 'alert', { host: 'doom', os: 'win10' }),
      alert(12, 'alert', { host: 'farcry', os: 'redhat' }),
    ];
    const sample2 = [
      alert(21, 'failure', { host: 'doom', op_sys: 'win10' }),
      alert(22, 'failure', { host: 'farcry', op_sys: 'win10' }),
      alert(23, 'failure', { host: 'farcry', op_sys: 'redhat' }),
    ];
    const q = 'sample by host [alert where true] by os [failure where true] by op_sys';
    expect(samples(q, [sample1, sample2])).toEqual([
      { keys: ['doom', 'win10'], ids: [11, 21] },
      { keys: ['farcry', 'redhat'], ids: [12, 23] },
    ]);
  });

  it('takes events across several files in file order, then record order', () => {
    const a = [alert(1, 'alert_1', { os: 'win10' }), alert(2, 'alert_2', { os: 'win10' })];
    const b = [alert(3, 'alert_1', { os: 'win10' }), alert(4, 'alert_2', { os: 'win10' })];
    expect(samples(byOs, [a, b], 2).map((s) => s.ids)).toEqual([
      [1, 2],
      [1, 4],
    ]);
    expect(samples(byOs, [b, a], 2).map((s) => s.ids)).toEqual([
      [3, 4],
      [3, 2],
    ]);
  });
});

describe('combinations', () => {
  it('walks depth first, skipping events already chosen for the sample', () => {
    expect(
      combinations(
        [
          ['d1', 'd2', 'd3'],
          ['d4', 'd5'],
          ['d4', 'd5', 'd3'],
        ],
        1,
      ),
    ).toEqual([['d1', 'd4', 'd5']]);
    expect(combinations([['d1'], ['d1'], ['d1', 'd3']], 5)).toEqual([]);
    expect(
      combinations(
        [
          ['a', 'b'],
          ['a', 'b'],
        ],
        5,
      ),
    ).toEqual([
      ['a', 'b'],
      ['b', 'a'],
    ]);
  });
});

describe('compareSampleKeys', () => {
  const sorted = (keys: unknown[][]) => [...keys].sort(compareSampleKeys);
  it('orders by position, null first, numbers and IPv4 numerically, strings by code point', () => {
    expect(sorted([['b'], [null], ['a'], [2], [10], [true], [false]])).toEqual([
      [null],
      [false],
      [true],
      [2],
      [10],
      ['a'],
      ['b'],
    ]);
    expect(
      sorted([
        ['h', 'x'],
        ['h', null],
        ['g', 'z'],
      ]),
    ).toEqual([
      ['g', 'z'],
      ['h', null],
      ['h', 'x'],
    ]);
    expect(sorted([['10.0.0.10'], ['10.0.0.9'], ['9.1.1.1']])).toEqual([
      ['9.1.1.1'],
      ['10.0.0.9'],
      ['10.0.0.10'],
    ]);
    // U+1F600 is after U+FFFD in code points (and UTF-8), before it in UTF-16 code units.
    expect(sorted([['\u{1F600}'], ['\uFFFD']])).toEqual([['\uFFFD'], ['\u{1F600}']]);
  });
});
