// A documented divergence from Elasticsearch (src/eql/README.md, "Where Sequent differs"):
// ES pages its `until` search so that the very first stage-0 hit of its first search window
// is never an until marker; Sequent treats every event that matches `until` alike.
import { describe, expect, it } from 'vitest';
import { runQueries } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';

const ev = (id: number, category: string): Doc => ({
  id,
  '@timestamp': id * 1000,
  event: { category: [category] },
  host: { id: 'h1' },
});

const query = compile(
  'sequence by host.id [process where true] [network where true] until [process where true]',
);

function sequences(events: Doc[]): number[][] {
  const [outcome] = runQueries([{ id: 'q', query }], [events]).outcomes;
  return outcome.results.map((r) => r.events.map((e) => (e as Doc).id as number));
}

describe('until on the first stage-0 hit (Sequent differs from Elasticsearch here)', () => {
  it('lets the first stage-0 hit cut its own sequence when it also matches until', () => {
    // Elasticsearch returns [[1, 2]] and [[2, 3]] here: its first window's first stage-0 hit
    // is never an until marker, whatever came before it in other categories.
    expect(sequences([ev(1, 'process'), ev(2, 'network')])).toEqual([]);
    expect(sequences([ev(1, 'network'), ev(2, 'process'), ev(3, 'network')])).toEqual([]);
  });

  it('agrees with Elasticsearch once the until event is not that first hit', () => {
    expect(sequences([ev(1, 'process'), ev(2, 'process'), ev(3, 'network')])).toEqual([]);
  });
});
