// Property: a conjunct compiled for its truth (keyed-or.ts: a long `or` tries only the cases
// the event's values name) is true exactly when the language's own evaluation is true, for
// generated `or`s of many cases and generated events (case, lists, numbers standing in for
// strings, nulls, absent fields and flat dotted keys). SYNTHETIC values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompileContext, compileExpr } from '../../src/eql/compile-expr.ts';
import { parse, type ast } from '../../src/eql/index.ts';
import { EventCache, PlanContext } from '../../src/engine/plan/event-cache.ts';
import { truthOf } from '../../src/engine/plan/keyed-or.ts';
import { withFields } from './generated-doc.ts';

const FIELDS = ['process.name', 'process.parent.name', 'event.code', 'process.args'];
const WORDS = ['cmd.exe', '4624', 'İx', 'a', 'smss.exe'];
const CASED = [...WORDS, 'CMD.EXE', 'Cmd.exe', 'A', 'i̇x', 'SMSS.exe'];

const quote = (s: string) => `"${s}"`;
const field = fc.constantFrom(...FIELDS);
const list = (of: fc.Arbitrary<string>) =>
  fc.array(of, { minLength: 1, maxLength: 3 }).map((xs) => `(${xs.join(', ')})`);
const word = fc.constantFrom(...CASED).map(quote);

// Leaves: keyed shapes (`:`, `like`, `like~`, `in`, `in~`, `==` on strings) and others.
const leaf: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(field, fc.constantFrom(':', 'like', 'like~', 'in', 'in~'), list(word))
    .map(([f, op, p]) => `${f} ${op} ${p}`),
  fc.tuple(field, word).map(([f, w]) => `${f} == ${w}`),
  fc.tuple(field, word).map(([f, w]) => `"${w.slice(1, -1)}" == ${f}`),
  fc.tuple(field, fc.constantFrom('"cmd*"', '"*.exe"', '4624', 'null')).map(([f, p]) => {
    return p === 'null' ? `${f} != null` : `${f} : ${p}`;
  }),
  fc.tuple(field, word).map(([f, w]) => `?${f} == ${w}`),
  fc.tuple(field, fc.constantFrom('==', '!=')).map(([f, op]) => `${f} ${op} 4624`),
);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} and ${b})`),
    tie('expr').map((a) => `not ${a}`),
  ),
}));

// A case as Elastic writes them: a keyed leaf, often with more after it.
const oneCase = fc.oneof(
  leaf,
  fc.tuple(leaf, expr).map(([a, b]) => `(${a} and ${b})`),
  fc.tuple(expr, leaf).map(([a, b]) => `(${a} and not ${b})`),
);
const orOfCases = fc.array(oneCase, { minLength: 6, maxLength: 14 }).map((cs) => cs.join(' or '));
const condition = fc.oneof(
  orOfCases,
  fc.tuple(leaf, orOfCases).map(([a, b]) => `${a} and (${b})`),
  orOfCases.map((o) => `not (${o})`),
);

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...CASED),
  fc.constantFrom(...CASED),
  fc.array(fc.oneof(fc.constantFrom(...CASED), fc.constant(4624), fc.constant(null)), {
    maxLength: 3,
  }),
  fc.constantFrom(4624, true, null, { nested: 'cmd.exe' }),
);

const event = fc
  .array(fc.tuple(field, value, fc.boolean()), { minLength: 0, maxLength: 6 })
  .map((fields) => {
    return withFields({}, fields);
  });

describe('a long `or` hashed by its cases', () => {
  it('is true exactly when the language evaluates it true', () => {
    let truths = 0;
    fc.assert(
      fc.property(condition, fc.array(event, { minLength: 1, maxLength: 30 }), (text, docs) => {
        const e = (parse(`any where ${text}`) as ast.EventQuery).filter.condition;
        const reference = compileExpr(e, new CompileContext());
        const cache = new EventCache();
        const planned = truthOf(e, new PlanContext(cache));
        for (const doc of docs) {
          cache.begin(doc);
          const want = reference(doc) === true;
          expect(planned(doc) === true, `${text} on ${JSON.stringify(doc)}`).toBe(want);
          if (want) truths++;
        }
      }),
      { numRuns: 400 },
    );
    expect(truths).toBeGreaterThan(200);
  });
});
