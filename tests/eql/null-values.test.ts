// `nullValues`: Elasticsearch's `null_value` mapping parameter. An explicit null reads as the
// mapped value; an absent field stays absent (null), as es_test_extra's mapping pins.
import { describe, expect, it } from 'vitest';
import { runQueries, type SequenceResult } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';

const nullValues = { 'host.os': 'NULL' };
const holds = (condition: string, doc: Doc) =>
  compile(`any where ${condition}`, { nullValues }).stages[0].test(doc);

describe('nullValues (null_value mappings)', () => {
  const explicit = { host: { os: null } };
  const absent = { host: {} };

  it('reads an explicit null as the mapped value and leaves an absent field null', () => {
    expect(holds('?host.os == "NULL"', explicit)).toBe(true);
    expect(holds('?host.os == null', explicit)).toBe(false);
    expect(holds('?host.os == "NULL"', absent)).toBe(false);
    expect(holds('?host.os == null', absent)).toBe(true);
    expect(holds('host.os : "nu*"', explicit)).toBe(true);
    expect(holds('host.os in ("NULL", "win10")', { host: { os: ['win10', null] } })).toBe(true);
  });

  it('changes nothing without the mapping', () => {
    expect(compile('any where ?host.os == null').stages[0].test(explicit)).toBe(true);
  });

  it('keys an explicit null by the mapped value', () => {
    const events = [
      { id: 1, event: { category: ['a'] }, host: { os: null } },
      { id: 2, event: { category: ['b'] }, host: { os: null } },
    ];
    const query = compile('sample by host.os [a where true] [b where true]', { nullValues });
    const [outcome] = runQueries([{ id: 'q', query }], [events]).outcomes;
    expect((outcome.results as SequenceResult[]).map((r) => r.join_keys)).toEqual([['NULL']]);
  });
});
