// Random EQL trees for property tests: every tree here is one the parser can produce, so
// print → parse must give it back.
import fc from 'fast-check';
import type { ast } from '../../src/eql/index.ts';

const SPAN = { start: 0, end: 0 };

const KEYWORDISH = ['and', 'by', 'in', 'where', 'sequence', 'true', 'null', 'any'];
const segment = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-zA-Z_@][a-zA-Z0-9_@]{0,8}$/) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYWORDISH) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 6 }) },
);
const field: fc.Arbitrary<ast.Field> = fc.record({
  type: fc.constant('Field' as const),
  path: fc.array(segment, { minLength: 1, maxLength: 3 }),
  optional: fc.boolean(),
  span: fc.constant(SPAN),
});
const stringLit: fc.Arbitrary<ast.StringLiteral> = fc.record({
  type: fc.constant('String' as const),
  value: fc.string({ maxLength: 12, unit: 'grapheme' }),
  span: fc.constant(SPAN),
});
const numberLit: fc.Arbitrary<ast.NumberLiteral> = fc.oneof(
  fc.record({
    type: fc.constant('Number' as const),
    value: fc.maxSafeNat(),
    integer: fc.constant(true),
    span: fc.constant(SPAN),
  }),
  fc.record({
    type: fc.constant('Number' as const),
    value: fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }),
    integer: fc.constant(false),
    span: fc.constant(SPAN),
  }),
);
const literal: fc.Arbitrary<ast.Literal> = fc.oneof(
  stringLit,
  numberLit,
  fc.record({
    type: fc.constant('Boolean' as const),
    value: fc.boolean(),
    span: fc.constant(SPAN),
  }),
  fc.record({ type: fc.constant('Null' as const), span: fc.constant(SPAN) }),
);

const FUNCTIONS: [string, number, number][] = [
  ['add', 2, 2],
  ['between', 3, 4],
  ['between~', 3, 4],
  ['cidrMatch', 2, 4],
  ['concat', 1, 4],
  ['endsWith~', 2, 2],
  ['indexOf', 2, 3],
  ['LENGTH', 1, 1],
  ['number', 1, 2],
  ['startswith', 2, 2],
  ['string', 1, 1],
  ['stringContains~', 2, 2],
  ['substring', 2, 3],
];

export const { expr } = fc.letrec<{ expr: ast.Expr }>((tie) => {
  const sub = tie('expr');
  const binary = <T extends string>(type: string, ops: readonly T[]) =>
    fc.record({
      type: fc.constant(type),
      op: fc.constantFrom(...ops),
      left: sub,
      right: sub,
      span: fc.constant(SPAN),
    }) as fc.Arbitrary<ast.Expr>;
  return {
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      literal,
      field,
      fc.record({ type: fc.constant('Not' as const), operand: sub, span: fc.constant(SPAN) }),
      fc.record({ type: fc.constant('Negate' as const), operand: sub, span: fc.constant(SPAN) }),
      binary('Logical', ['and', 'or'] as const),
      binary('Compare', ['==', '!=', '<', '<=', '>', '>='] as const),
      binary('Arith', ['+', '-', '*', '/', '%'] as const),
      fc
        .tuple(
          fc.constantFrom(':', 'like', 'like~'),
          sub,
          fc.array(literal, { minLength: 1, maxLength: 3 }),
          fc.boolean(),
        )
        .map(([op, operand, patterns, list]): ast.Expr => ({
          type: 'Match',
          op: op as ast.MatchOp,
          operand,
          patterns: list ? patterns : patterns.slice(0, 1),
          list,
          span: SPAN,
        })),
      fc
        .tuple(
          fc.constantFrom('regex', 'regex~'),
          sub,
          fc.array(
            fc.stringMatching(/^[a-z.*+?|]{0,5}$/).filter((p) => /^[a-z]/.test(p) || p === ''),
            { minLength: 1, maxLength: 2 },
          ),
        )
        .map(([op, operand, patterns]): ast.Expr => ({
          type: 'Match',
          op: op as ast.MatchOp,
          operand,
          patterns: patterns.map((value) => ({
            type: 'String',
            value: value.replace(/[*+?|]/g, ''),
            span: SPAN,
          })),
          list: true,
          span: SPAN,
        })),
      fc.record({
        type: fc.constant('In' as const),
        operand: sub,
        values: fc.array(sub, { minLength: 1, maxLength: 3 }),
        insensitive: fc.boolean(),
        negated: fc.boolean(),
        span: fc.constant(SPAN),
      }),
      fc.constantFrom(...FUNCTIONS).chain(([name, min, max]) =>
        // Constant arguments are type-checked by the parser; fields and nested
        // expressions are not, so those are what random calls take.
        fc
          .array(
            fc.oneof(
              field,
              sub.filter((a) => !['String', 'Number', 'Boolean'].includes(a.type)),
            ),
            { minLength: min, maxLength: max },
          )
          .map((args): ast.Expr => ({ type: 'Call', name, args, span: SPAN })),
      ),
    ),
  };
});

const category = fc.oneof(
  fc.constant(null),
  fc.constantFrom('process', 'network', 'file'),
  fc.string({ maxLength: 8 }),
);
const filter = fc.record({
  type: fc.constant('EventFilter' as const),
  category,
  condition: expr,
  span: fc.constant(SPAN),
});
const pipes = fc.array(
  fc.record({
    type: fc.constant('Pipe' as const),
    name: fc.constantFrom('head' as const, 'tail' as const),
    count: fc.nat(),
    span: fc.constant(SPAN),
  }),
  { maxLength: 2 },
);

export const eventQuery = fc.record({
  type: fc.constant('EventQuery' as const),
  filter,
  pipes,
  span: fc.constant(SPAN),
});

export const sequenceQuery = fc.integer({ min: 0, max: 2 }).chain((keys) => {
  const stage = fc.record({
    type: fc.constant('SequenceStage' as const),
    filter,
    by: fc.array(field, { minLength: keys, maxLength: keys }),
    missing: fc.boolean(),
    runs: fc.option(fc.integer({ min: 1, max: 100 })),
    span: fc.constant(SPAN),
  });
  return fc
    .record({
      type: fc.constant('SequenceQuery' as const),
      by: fc.array(field, { maxLength: 2 }),
      maxspan: fc.record({
        value: fc.integer({ min: 1, max: 1_000_000 }),
        unit: fc.constantFrom(
          'ms' as const,
          's' as const,
          'm' as const,
          'h' as const,
          'd' as const,
        ),
        span: fc.constant(SPAN),
      }),
      stages: fc.array(stage, { minLength: 2, maxLength: 4 }),
      until: fc.option(stage.map((s) => ({ ...s, missing: false, runs: null }))),
      pipes,
      span: fc.constant(SPAN),
    })
    .map((q) => ({ ...q, stages: [{ ...q.stages[0], missing: false }, ...q.stages.slice(1)] }));
});

export const sampleQuery = fc.integer({ min: 0, max: 2 }).chain((keys) =>
  fc.record({
    type: fc.constant('SampleQuery' as const),
    by: fc.array(field, { maxLength: 2 }),
    stages: fc.array(
      fc.record({
        type: fc.constant('SampleStage' as const),
        filter,
        by: fc.array(field, { minLength: keys, maxLength: keys }),
        span: fc.constant(SPAN),
      }),
      { minLength: 2, maxLength: 3 },
    ),
    pipes,
    span: fc.constant(SPAN),
  }),
);
