// The correlator's column store gives back candidates equal to those it was given, in order:
// the compact ones (one hit, one key, no document) and every other shape kept whole.
import { describe, expect, it } from 'vitest';
import { CandidateStore } from '../../src/engine/candidate-store.ts';
import { compareOrdinal } from '../../src/engine/ordinal.ts';
import type { Candidate } from '../../src/engine/types.ts';

const shapes: Candidate[] = [
  { ts: 1, tb: null, file: 0, record: 0, hits: [{ stage: 0, keys: ['["h1"]'] }], offset: 0 },
  { ts: 2, tb: null, file: 0, record: 1, hits: [{ stage: 2, keys: ['["h1"]'] }] },
  {
    ts: 2,
    tb: 'b',
    file: 1,
    record: 2 ** 40,
    hits: [{ stage: -1, keys: ['["h2"]'] }],
    offset: 2 ** 33,
  },
  { ts: Number.NaN, tb: 7, file: 3, record: 5, hits: [{ stage: 1, keys: ['x', 'y'] }] },
  {
    ts: 3,
    tb: false,
    file: 0,
    record: 6,
    hits: [
      { stage: 0, keys: ['a'] },
      { stage: 1, keys: ['a'] },
    ],
  },
  { ts: 4, tb: null, file: 0, record: 7, hits: [{ stage: 0, keys: ['d'] }], doc: { a: 1 } },
];

describe('CandidateStore', () => {
  it('gives back every shape of candidate as it came, in order, and empties', () => {
    const store = new CandidateStore();
    for (let round = 0; round < 50; round++) store.pushAll(shapes);
    expect(store.length).toBe(shapes.length * 50);
    const back = store.take();
    expect(back).toEqual(Array.from({ length: 50 }, () => shapes).flat());
    // `offset` absent stays absent (not undefined, not NaN): results and read-back rely on it.
    expect('offset' in back[1]).toBe(false);
    expect(store.length).toBe(0);
    expect(store.take()).toEqual([]);
  });

  it('records a tiebreaker that first appears late, and nulls before it', () => {
    const store = new CandidateStore();
    store.push(shapes[0]);
    store.push(shapes[2]);
    store.push(shapes[1]);
    expect(store.take().map((c) => c.tb)).toEqual([null, 'b', null]);
  });

  it('gives them back in the order an array sort by compareOrdinal gives, ties and tiebreakers included', () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const tbs: Candidate['tb'][] = [null, 1, 2, 'a', 'b', true, false];
    const list: Candidate[] = Array.from({ length: 3000 }, (_, i) =>
      i % 97 === 0
        ? { ...shapes[4], ts: rand(50), tb: tbs[rand(tbs.length)], file: rand(3), record: i }
        : {
            ts: rand(50),
            tb: i < 1000 ? null : tbs[rand(tbs.length)],
            file: rand(3),
            record: i,
            hits: [{ stage: rand(3), keys: [`k${rand(20)}`] }],
          },
    );
    const store = new CandidateStore();
    store.pushAll(list);
    const expected = [...list].sort(compareOrdinal);
    expect([...store.takeSorted()]).toEqual(expected);
    expect(store.length).toBe(0);
    // Left out: compact candidates the filter refuses; candidates of two hits always come.
    store.pushAll(list);
    const wanted = (stage: number, key: string) => stage !== 1 && key !== 'k3';
    const kept = expected.filter(
      (c) => c.hits.length > 1 || wanted(c.hits[0].stage, c.hits[0].keys[0]),
    );
    expect(kept.length).toBeLessThan(expected.length);
    expect([...store.takeSorted(wanted)]).toEqual(kept);
    expect(store.length).toBe(0);
  });

  it('counts the distinct keys of each stage without giving candidates back', () => {
    const store = new CandidateStore();
    for (let round = 0; round < 3; round++) store.pushAll(shapes);
    expect(store.keySets(3).map((s) => [...s].sort())).toEqual([
      ['["h1"]', 'a', 'd'],
      ['a', 'x', 'y'],
      ['["h1"]'],
    ]);
    expect(store.length).toBe(shapes.length * 3);
  });

  it('keeps small numbers in narrow columns: 19 bytes a row', () => {
    const store = new CandidateStore();
    const n = 1000;
    for (let i = 0; i < n; i++)
      store.push({
        ts: i,
        tb: null,
        file: 2,
        record: i,
        hits: [{ stage: 1, keys: ['k'] }],
        offset: 4096 * i,
      });
    // 8 (ts) + 4 (record) + 4 (offset) + 2 (file) + 1 (stage), over the capacity grown to.
    expect(store.columnBytes).toBe(19 * 1024);
    expect(store.take().map((c) => c.offset)).toEqual(
      Array.from({ length: n }, (_, i) => 4096 * i),
    );
  });

  it('keeps the offset column narrow when candidates have no offset, and says which had one', () => {
    const store = new CandidateStore();
    const n = 1000;
    for (let i = 0; i < n; i++)
      store.push({
        ts: i,
        tb: null,
        file: 0,
        record: i,
        hits: [{ stage: 0, keys: ['k'] }],
        ...(i % 3 === 0 ? { offset: i } : {}),
      });
    expect(store.columnBytes).toBe(19 * 1024);
    const back = store.take();
    expect(back.map((c) => ('offset' in c ? c.offset : 'none'))).toEqual(
      Array.from({ length: n }, (_, i) => (i % 3 === 0 ? i : 'none')),
    );
  });

  it('widens the offset column for the value that means "none" narrow, keeping every row as it was', () => {
    const at = (offset: number | undefined, record: number): Candidate => ({
      ts: record,
      tb: null,
      file: 0,
      record,
      hits: [{ stage: 0, keys: ['k'] }],
      ...(offset === undefined ? {} : { offset }),
    });
    const offsets = [undefined, 0, 0xffff_fffe, undefined, 0xffff_ffff, undefined, 2 ** 40, 7];
    const store = new CandidateStore();
    offsets.forEach((o, i) => store.push(at(o, i)));
    // Wide now: 8 bytes of offset a row.
    expect(store.columnBytes).toBe((19 + 4) * 64);
    const back = store.take();
    expect(back).toEqual(offsets.map((o, i) => at(o, i)));
    expect(back.map((c) => 'offset' in c)).toEqual(offsets.map((o) => o !== undefined));
  });

  it('widens a column for a value it cannot hold, and gives every earlier value back as it was', () => {
    const odd: Candidate[] = [
      { ts: 1, tb: null, file: 70_000, record: 3, hits: [{ stage: 1, keys: ['a'] }], offset: 9 },
      {
        ts: 2,
        tb: null,
        file: 1,
        record: 2 ** 32,
        hits: [{ stage: 300, keys: ['a'] }],
        offset: 2 ** 32,
      },
      { ts: 3, tb: null, file: -1, record: 0.5, hits: [{ stage: -1, keys: ['a'] }], offset: -0 },
      { ts: 4, tb: null, file: 0, record: -0, hits: [{ stage: -129, keys: ['a'] }] },
    ];
    for (let at = 0; at < odd.length; at++) {
      const store = new CandidateStore();
      // Plain rows before and after the odd one: those before must survive the widening.
      for (let i = 0; i < 100; i++) store.push(shapes[0]);
      store.push(odd[at]);
      for (let i = 0; i < 100; i++) store.push(shapes[1]);
      const back = store.take();
      expect(back[100]).toEqual(odd[at]);
      expect(Object.is(back[100].record, odd[at].record)).toBe(true);
      expect(back.slice(0, 100)).toEqual(Array.from({ length: 100 }, () => shapes[0]));
      expect(back.slice(101)).toEqual(Array.from({ length: 100 }, () => shapes[1]));
    }
  });
});
