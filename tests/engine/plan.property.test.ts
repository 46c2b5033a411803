// Property: running generated rules together through the rule-set plan gives, for each rule,
// exactly what the rule gives alone without the plan — the same candidate events in the
// same order, the same counts and the same results. Queries and events are drawn from one
// small vocabulary so hash hits, case folding, arrays, numbers standing in for strings,
// missing fields and flat dotted keys all meet the stages often.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { withFields } from './generated-doc.ts';
import { expectSameAsAlone } from './plan-compare.ts';

const FIELDS = [
  'process.name',
  'process.parent.name',
  'event.code',
  'event.action',
  'process.args',
];
const WORDS = ['cmd.exe', '4624', 'İx', 'a'];
const CASED = [...WORDS, 'CMD.EXE', 'Cmd.exe', 'A', 'i̇x'];
const PATTERNS = [...CASED, 'cmd*', '*.exe', '?md.exe', '46*', '?md*', '??d.e*'];

const quote = (s: string) => `"${s}"`;
const field = fc.constantFrom(...FIELDS);
const list = (of: fc.Arbitrary<string>) =>
  fc.array(of, { minLength: 1, maxLength: 3 }).map((xs) => `(${xs.join(', ')})`);

const atom: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(
      field,
      fc.constantFrom(':', 'like', 'like~'),
      list(fc.constantFrom(...PATTERNS).map(quote)),
    )
    .map(([f, op, p]) => `${f} ${op} ${p}`),
  fc
    .tuple(fc.constantFrom('', '?'), field, fc.constantFrom('==', '!='), fc.constantFrom(...CASED))
    .map(([opt, f, op, v]) => `${opt}${f} ${op} ${quote(v)}`),
  fc.tuple(field, fc.constantFrom('==', '!=')).map(([f, op]) => `${f} ${op} 4624`),
  fc
    .tuple(
      field,
      fc.constantFrom('in', 'in~', 'not in'),
      list(
        fc.oneof(fc.constantFrom(...CASED).map(quote), fc.constant('4624'), fc.constant('null')),
      ),
    )
    .map(([f, op, vs]) => `${f} ${op} ${vs}`),
  fc.tuple(field, fc.constantFrom('==', '!=')).map(([f, op]) => `${f} ${op} null`),
  fc.tuple(field, fc.constantFrom(...WORDS)).map(([f, w]) => `startsWith~(${f}, ${quote(w)})`),
);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} and ${b})`),
    fc.tuple(tie('expr'), tie('expr')).map(([a, b]) => `(${a} or ${b})`),
    tie('expr').map((a) => `not ${a}`),
  ),
}));

const condition = fc.array(expr, { minLength: 1, maxLength: 2 }).map((cs) => cs.join(' and '));
const stage = fc
  .tuple(fc.constantFrom('process', 'file', 'any', 'Process'), condition)
  .map(([c, cond]) => `${c} where ${cond}`);

const queryOf = (stage: fc.Arbitrary<string>) =>
  fc.oneof(
    stage,
    fc.tuple(stage, stage).map(([a, b]) => `sequence by user.name [${a}] [${b}]`),
    fc
      .tuple(stage, stage, stage)
      .map(
        ([a, b, u]) =>
          `sequence with maxspan=30s [${a}] by user.name [${b}] by user.name until [${u}] by user.name`,
      ),
    fc.tuple(stage, stage).map(([a, b]) => `sample by user.name [${a}] [${b}]`),
  );
const queryText = queryOf(stage);

// Conjuncts many stages share on fields most events have: with a low enough threshold the
// plan makes them gates, tested once per event before any stage with them is offered.
const GATED = ['host.os.type', 'event.type'];
const common = fc.constantFrom(
  'host.os.type == "windows"',
  'host.os.type : "windows"',
  'host.os.type like "Windows"',
  'host.os.type == null',
  'event.type == "start"',
  'event.type in ("start", "change")',
  'event.type == 4624',
  'event.type : ("START", "end")',
);
const gatedStage = fc
  .tuple(
    fc.constantFrom('process', 'file', 'any', 'Process'),
    fc.array(common, { maxLength: 3 }),
    condition,
  )
  .map(([c, gates, cond]) => `${c} where ${[...gates, cond].join(' and ')}`);

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...CASED),
  fc.constantFrom(...CASED),
  fc.constantFrom(...CASED),
  fc.constantFrom(...CASED),
  fc.array(fc.oneof(fc.constantFrom(...CASED), fc.constant(4624), fc.constant(null)), {
    maxLength: 3,
  }),
  fc.constantFrom(4624, 4688, true, null, { nested: 'cmd.exe' }),
);

// Each field absent, nested as ECS writes it, or as one flat dotted key.
const event = fc
  .record({
    category: fc.constantFrom<unknown>(
      'process',
      'file',
      ['process', 'file'],
      ['File', 'Process'],
      'Process',
      undefined,
    ),
    user: fc.constantFrom('u1', 'u2'),
    fields: fc.array(fc.tuple(field, value, fc.boolean()), { minLength: 4, maxLength: 12 }),
  })
  .map(({ category, user, fields }) => {
    const doc: Doc = { user: { name: user } };
    if (category !== undefined) doc.event = { category };
    return withFields(doc, fields);
  });

const timed = (of: fc.Arbitrary<Doc>) =>
  fc.array(fc.tuple(of, fc.nat(20)), { minLength: 20, maxLength: 80 }).map((xs) => {
    let t = Date.UTC(2024, 4, 1);
    return xs.map(([doc, step]) => {
      t += step * 1000;
      return { '@timestamp': new Date(t).toISOString(), ...doc };
    });
  });
const events = timed(event);

const gateValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('windows', 'Windows', 'start', 'change', 'START'),
  fc.constantFrom('windows', 'start'),
  fc.array(fc.constantFrom('start', 'change', 'windows', 4624), { maxLength: 2 }),
  fc.constantFrom(4624, null, true),
);
// The events above, with host.os.type and event.type often set (nested or dotted).
const gatedEvents = timed(
  fc
    .tuple(
      event,
      fc.array(fc.tuple(fc.constantFrom(...GATED), gateValue, fc.boolean()), { maxLength: 3 }),
    )
    .map(([doc, more]) => withFields(doc, more)),
);

describe('the rule-set plan', () => {
  it('gives every generated rule exactly the results it has alone', () => {
    let reached = 0;
    let found = 0;
    fc.assert(
      fc.property(fc.array(queryText, { minLength: 3, maxLength: 8 }), events, (texts, docs) => {
        const specs: QuerySpec[] = texts.map((text, i) => ({
          id: `q${i}`,
          query: compile(text),
          size: Infinity,
        }));
        const { stats, candidates } = expectSameAsAlone(specs, docs);
        reached += stats.dispatched;
        found += candidates;
      }),
      { numRuns: 200 },
    );
    // The vocabulary is built so that most stages are hashed, not merely tried.
    expect(reached).toBeGreaterThan(100);
    expect(found).toBeGreaterThan(1000);
  });

  it('gives the same results when shared conjuncts gate the stages', () => {
    let gates = 0;
    let found = 0;
    fc.assert(
      fc.property(
        fc.array(queryOf(gatedStage), { minLength: 3, maxLength: 8 }),
        gatedEvents,
        // maxSteps 2: most event shapes soon take their open plan (every stage, gates tested).
        fc.constantFrom({ gateUses: 1 }, { gateUses: 2 }, { gateUses: 1, maxSteps: 2 }, {}),
        (texts, docs, options) => {
          const specs: QuerySpec[] = texts.map((text, i) => ({
            id: `q${i}`,
            query: compile(text),
            size: Infinity,
          }));
          const { stats, candidates } = expectSameAsAlone(specs, docs, undefined, options);
          gates += stats.gates;
          found += candidates;
        },
      ),
      { numRuns: 200 },
    );
    expect(gates).toBeGreaterThan(200);
    expect(found).toBeGreaterThan(1000);
  });
});
