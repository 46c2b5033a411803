// Compiled conditions never throw, whatever the query and whatever the event holds, and
// explain() agrees with the stage test it explains.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, conjuncts, explain, print, type ast } from '../../src/eql/index.ts';
import { eventQuery, sequenceQuery } from './arbitraries.ts';

const FIELDS = ['a', 'b', 'process', 'x'];
const value = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('10.1.2.3', '2001:db8::1', '5985', '1.2.3', 'Cmd.EXE', ''),
);
const doc = fc.dictionary(
  fc.constantFrom(...FIELDS, 'a.b', 'process.name', 'event.category'),
  fc.oneof(
    value,
    fc.array(value, { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...FIELDS, 'name'), value),
  ),
  { maxKeys: 6 },
);

describe('evaluation robustness', () => {
  it('stage tests return a boolean for any query and any event', () => {
    fc.assert(
      fc.property(
        fc.oneof(eventQuery, sequenceQuery),
        fc.array(doc, { minLength: 1, maxLength: 4 }),
        (query, docs) => {
          const compiled = compile(print(query as ast.Query));
          for (const stage of compiled.stages)
            for (const d of docs) {
              expect(typeof stage.test(d)).toBe('boolean');
              for (const k of stage.keys) k.get(d);
            }
          for (const d of docs) compiled.timestamp(d);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('explain and conjuncts agree with the stage test', () => {
    fc.assert(
      fc.property(eventQuery, doc, (query, d) => {
        const text = print(query as ast.Query);
        const stage = compile(
          `any where ${text.slice(text.indexOf(' where ') + 7).replace(/ \| (head|tail) \d+/g, '')}`,
        ).stages[0];
        const tree = explain(stage, d);
        expect(tree.result === true).toBe(stage.test(d));
        const parts = conjuncts(stage).map((c) => c.test(d));
        expect(parts.every((p) => p === true)).toBe(stage.test(d));
      }),
      { numRuns: 600 },
    );
  });
});
