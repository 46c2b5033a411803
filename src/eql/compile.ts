// Builds the engine's view of a query (src/eql/compiled.ts) from the tree: one tested,
// keyed stage per event the correlator must find, with `with runs=N` already expanded.
import type * as ast from './ast.ts';
import type {
  CompiledQuery,
  CompiledStage,
  CompileOptions,
  Doc,
  JoinKeyGetter,
} from './compiled.ts';
import { EqlError } from './errors.ts';
import { CompileContext, compileExpr, type Evaluator } from './compile-expr.ts';
import { parseWithSource, sourceOf } from './parse.ts';
import { print, printExpr } from './print.ts';
import { dateFieldsFor } from './dates.ts';
import { toEpochMillis } from './timestamp.ts';
import { validate } from './validate.ts';
import { fieldPath, fieldPaths } from './walk.ts';
import { single } from './values.ts';

/** What explain() and conjuncts() need to revisit a stage's condition. */
export interface StageInfo {
  readonly condition: ast.Expr;
  readonly context: CompileContext;
  readonly source: string;
}

const stageInfo = new WeakMap<CompiledStage, StageInfo>();

export function infoOf(stage: CompiledStage): StageInfo {
  const info = stageInfo.get(stage);
  if (!info) throw new Error('stage was not produced by compile() of this module');
  return info;
}

const DEFAULT_CATEGORY_FIELD = 'event.category';
const DEFAULT_TIMESTAMP_FIELD = '@timestamp';

const UNIT_MS: Record<ast.TimeSpan['unit'], number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

function resolve(queryOrSource: ast.Query | string): { query: ast.Query; source: string } {
  if (typeof queryOrSource === 'string') return parseWithSource(queryOrSource);
  const source = sourceOf(queryOrSource);
  if (source !== undefined) return { query: queryOrSource, source };
  // A hand-built tree has no text its spans refer to: print it and parse that instead.
  return parseWithSource(print(queryOrSource));
}

function joinKey(key: ast.Expr, ctx: CompileContext): JoinKeyGetter {
  if (key.type === 'Field') {
    const path = fieldPath(key);
    const get = ctx.getter(path);
    // A date key is its instant, as Elasticsearch keys on the long behind a date field.
    if (ctx.dateFields.has(path))
      return { field: path, optional: key.optional, date: true, get: instants(get) };
    return { field: path, optional: key.optional, get };
  }
  const evaluate = compileExpr(key, ctx);
  return { field: printExpr(key), optional: false, get: evaluate };
}

export function compile(
  queryOrSource: ast.Query | string,
  options: CompileOptions = {},
): CompiledQuery {
  try {
    return compileQuery(queryOrSource, options);
  } catch (e) {
    // Closures nest as deeply as the condition; a machine-generated monster can exceed the
    // call stack, which deserves a message rather than a crash.
    if (e instanceof RangeError) {
      const text = typeof queryOrSource === 'string' ? queryOrSource : print(queryOrSource);
      throw new EqlError('the query is too deeply nested to compile; simplify it', text, 0);
    }
    throw e;
  }
}

function compileQuery(queryOrSource: ast.Query | string, options: CompileOptions): CompiledQuery {
  const { query, source } = resolve(queryOrSource);
  validate(query, source);
  const timestampField = options.timestampField ?? DEFAULT_TIMESTAMP_FIELD;
  const dateFields = dateFieldsFor(timestampField, options.dateFields);
  const ctx = new CompileContext(dateFields, source, options.nullValues);
  const categoryField = options.categoryField ?? DEFAULT_CATEGORY_FIELD;
  const category = ctx.getter(categoryField);

  const makeStage = (
    filter: ast.EventFilter,
    keys: readonly ast.Expr[],
    index: number,
    sourceIndex: number,
    missing: boolean,
    runs: number,
    span: ast.Span,
  ): CompiledStage => {
    const fields = [...new Set([...keys.flatMap(fieldPaths), ...fieldPaths(filter.condition)])];
    const test = new LazyTest(filter.category, category);
    const keyGetters = keys.map((k) => joinKey(k, ctx));
    const stage: CompiledStage = {
      index,
      sourceIndex,
      category: filter.category,
      missing,
      runs,
      keys: keyGetters,
      test: test.run,
      fields,
      text: source.slice(span.start, span.end),
    };
    stageInfo.set(stage, { condition: filter.condition, context: ctx, source });
    test.bind(stage);
    lazyTests.set(stage, test);
    // A date field's literals are checked as they compile: their errors belong here.
    if (fields.some((f) => dateFields.has(f))) test.compiled(stage);
    return stage;
  };

  const stages: CompiledStage[] = [];
  let until: CompiledStage | null = null;
  let maxspanMs: number | null = null;
  switch (query.type) {
    case 'EventQuery':
      stages.push(makeStage(query.filter, [], 0, 0, false, 1, query.filter.span));
      break;
    case 'SequenceQuery': {
      query.stages.forEach((s, sourceIndex) => {
        const runs = s.runs ?? 1;
        for (let r = 0; r < runs; r++)
          stages.push(
            makeStage(
              s.filter,
              [...query.by, ...s.by],
              stages.length,
              sourceIndex,
              s.missing,
              runs,
              s.span,
            ),
          );
      });
      if (query.until) {
        const u = query.until;
        until = makeStage(
          u.filter,
          [...query.by, ...u.by],
          -1,
          query.stages.length,
          false,
          1,
          u.span,
        );
      }
      if (query.maxspan) maxspanMs = query.maxspan.value * UNIT_MS[query.maxspan.unit];
      break;
    }
    case 'SampleQuery':
      query.stages.forEach((s, i) =>
        stages.push(makeStage(s.filter, [...query.by, ...s.by], i, i, false, 1, s.span)),
      );
      break;
  }

  const time = ctx.getter(timestampField);
  const tiebreakerGetter = options.tiebreakerField ? ctx.getter(options.tiebreakerField) : null;
  return {
    kind:
      query.type === 'EventQuery'
        ? 'event'
        : query.type === 'SequenceQuery'
          ? 'sequence'
          : 'sample',
    categoryField,
    readAsTyped:
      Object.keys(options.nullValues ?? {}).length === 0
        ? dateFields
        : new Set([...dateFields, ...Object.keys(options.nullValues ?? {})]),
    source,
    stages,
    until,
    maxspanMs,
    pipes: query.pipes.map((p) => ({ kind: p.name, count: p.count })),
    timestamp: timestampOf(time),
    tiebreaker: tiebreakerGetter ? tiebreakerOf(tiebreakerGetter) : null,
  };
}

// Made out here: a closure made in compileQuery would keep its whole scope, the query's
// syntax tree included, for as long as the compiled query lives.
function timestampOf(time: Evaluator): (doc: Doc) => number | null {
  return (doc) => toEpochMillis(time(doc));
}

function tiebreakerOf(get: Evaluator): (doc: Doc) => unknown {
  return (doc) => {
    const v = single(get(doc));
    return v === undefined ? null : v;
  };
}

/** Epoch millis of a date value (each value of an array); unusable dates count as absent. */
function instants(get: Evaluator): Evaluator {
  return (doc) => {
    const v = get(doc);
    if (v === null || v === undefined) return v;
    if (Array.isArray(v)) return v.map((x) => (x === null ? null : toEpochMillis(x)));
    return toEpochMillis(v);
  };
}

type StageTestFn = (doc: Doc) => boolean;

/**
 * A stage's test, compiled on its first call. The rule-set plan compiles each stage's
 * conjuncts itself and never calls most stages' own tests; compiled up front, their closures
 * were ~17 of the 35 MiB that Elastic's 954 EQL rules hold once per thread. It compiles from
 * the stage's syntax (stageInfo), so that releaseSyntax can let the tree go. Compiling cannot
 * fail here except on a date literal, which compile() checks at once; validate() has checked
 * everything else.
 */
class LazyTest {
  #test: StageTestFn | null = null;
  #stage: CompiledStage | null = null;

  constructor(
    private readonly category: string | null,
    private readonly categoryOf: Evaluator,
  ) {}

  readonly run: StageTestFn = (doc) => (this.#test ?? this.compiled(this.#stage!))(doc);

  compiled(stage: CompiledStage): StageTestFn {
    if (this.#test) return this.#test;
    const info = stageInfo.get(stage);
    if (!info) throw new Error(`the syntax of ${stage.text} was released before its test ran`);
    this.#test = stageTest(
      this.category,
      this.categoryOf,
      compileExpr(info.condition, info.context),
    );
    this.#stage = null;
    return this.#test;
  }

  bind(stage: CompiledStage): void {
    this.#stage = stage;
  }
}

const lazyTests = new WeakMap<CompiledStage, LazyTest>();

/**
 * The stage's test, compiled now if it was not yet: what a caller that keeps calling it holds
 * (rather than `stage.test`), so that the stage's syntax may be released after.
 */
export function compiledTest(stage: CompiledStage): StageTestFn {
  return lazyTests.get(stage)?.compiled(stage) ?? stage.test;
}

/**
 * Lets go of the query's syntax trees: explain(), conjuncts(), a rule-set plan and the tests
 * not yet compiled (compiledTest) need them, so only a thread that will do none of these
 * again calls this — a scan worker, once its collector is built. The trees are ~10 MiB of
 * the 954 Elastic EQL rules, held once per thread.
 */
export function releaseSyntax(query: CompiledQuery): void {
  for (const stage of query.until ? [...query.stages, query.until] : query.stages)
    stageInfo.delete(stage);
}

function stageTest(
  category: string | null,
  categoryOf: Evaluator,
  condition: Evaluator,
): (doc: Doc) => boolean {
  if (category === null) return (doc) => condition(doc) === true;
  return (doc) => {
    const c = categoryOf(doc);
    if (c !== category && !(Array.isArray(c) && c.includes(category))) return false;
    return condition(doc) === true;
  };
}
