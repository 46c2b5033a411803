// Properties of the parser over generated input: it fails only with EqlError, quickly, and
// print → parse reproduces any tree it can print.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EqlError, parse, print, type ast } from '../../src/eql/index.ts';
import { withoutSpans } from './helpers.ts';

const SPAN = { start: 0, end: 0 };

// Valid queries to mutate: the shapes real detection rules use.
const SEEDS = [
  'sequence by host.id with maxspan=30s [network where process.pid == 4 and network.direction : ("incoming", "ingress") and destination.port in (5985, 5986)] [process where event.type == "start" and process.parent.name : "winrshost.exe" and not process.name : "conhost.exe"]',
  'process where process.name regex~ """.*\\.(vbs|js)\\.exe""" and length(process.args) > 2 | head 5',
  'sequence by user.name with maxspan=5m [authentication where event.outcome == "failure"] with runs=5 ![process where true] [authentication where true] until [process where ?x != null]',
  'sample by host.id [file where file.path like~ ("C:\\\\Users\\\\*", "?:\\\\Temp\\\\*")] [process where cidrMatch(source.ip, "10.0.0.0/8")]',
  'any where `weird field`.x in~ ("A", "b") or -(a + b) * 3 % 2 >= 1.5e3 /* c */ // d',
];

function assertOnlyEqlError(source: string): void {
  const started = performance.now();
  try {
    parse(source);
  } catch (e) {
    if (!(e instanceof EqlError)) throw e;
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.format()).toContain('^');
  }
  expect(performance.now() - started).toBeLessThan(250);
}

const TOKENS = [
  '[',
  ']',
  '![',
  '(',
  ')',
  '"',
  '"""',
  '`',
  '?',
  '~',
  '==',
  '=',
  ':',
  ',',
  '|',
  ' and ',
  ' or ',
  ' not ',
  ' in ',
  ' by ',
  ' with ',
  ' where ',
  ' sequence ',
  ' until ',
  'maxspan=',
  'runs=',
  '\\',
  '\n',
  '0',
  '1.5',
  '-',
  '*',
  '/*',
  '//',
  'x',
  'any',
];

const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 4 })),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 30 }),
  }),
);

function mutate(
  seed: string,
  steps: { kind: string; at: number; text?: string; length?: number }[],
): string {
  let s = seed;
  for (const m of steps) {
    const at = m.at % (s.length + 1);
    if (m.kind === 'insert') s = s.slice(0, at) + m.text + s.slice(at);
    else if (m.kind === 'delete') s = s.slice(0, at) + s.slice(at + m.length!);
    else s = s.slice(0, at) + s.slice(at, at + m.length!) + s.slice(at);
  }
  return s;
}

describe('parser robustness', () => {
  it('throws only EqlError on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), assertOnlyEqlError), {
      numRuns: 2000,
    });
  });

  it('throws only EqlError on token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (parts) =>
        assertOnlyEqlError(parts.join('')),
      ),
      { numRuns: 2000 },
    );
  });

  it('throws only EqlError on mutated real-world queries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, steps) => assertOnlyEqlError(mutate(seed, steps)),
      ),
      { numRuns: 1500 },
    );
  });
});

// ---- Random trees for the round trip ----

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

const { expr } = fc.letrec<{ expr: ast.Expr }>((tie) => {
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
      fc
        .constantFrom(...FUNCTIONS)
        .chain(([name, min, max]) =>
          fc
            .array(sub, { minLength: min, maxLength: max })
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

const eventQuery = fc.record({
  type: fc.constant('EventQuery' as const),
  filter,
  pipes,
  span: fc.constant(SPAN),
});

const sequenceQuery = fc.integer({ min: 0, max: 2 }).chain((keys) => {
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

const sampleQuery = fc.integer({ min: 0, max: 2 }).chain((keys) =>
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

describe('print → parse round trip', () => {
  it('gives back the same tree, for any event query, sequence or sample', () => {
    fc.assert(
      fc.property(fc.oneof(eventQuery, sequenceQuery, sampleQuery), (query) => {
        const text = print(query as ast.Query);
        expect(withoutSpans(parse(text)), text).toEqual(withoutSpans(query));
      }),
      { numRuns: 800 },
    );
  });

  it('is stable: printing the reparsed tree gives the same text', () => {
    fc.assert(
      fc.property(eventQuery, (query) => {
        const text = print(query as ast.Query);
        expect(print(parse(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
