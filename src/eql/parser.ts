// Queries: event queries, sequences, samples and their pipes, plus the structural rules
// Elasticsearch enforces while building its plan (stage counts, runs, join key counts,
// maxspan), reported at the offending text.
import type * as ast from './ast.ts';
import { ExpressionParser } from './expression-parser.ts';
import { tokenize } from './lexer.ts';

const TIME_UNITS: ReadonlySet<string> = new Set(['ms', 's', 'm', 'h', 'd']);
/** Elasticsearch refuses to repeat a stage more than this many times. */
export const MAX_RUNS = 100;
const ENDGAME_PIPES: ReadonlySet<string> = new Set([
  'count',
  'filter',
  'sort',
  'unique',
  'unique_count',
  'window',
]);

export class Parser extends ExpressionParser {
  constructor(source: string) {
    super(source, tokenize(source));
  }

  parseQuery(): ast.Query {
    const start = this.peek.start;
    let query: ast.Query;
    if (this.eat('sequence')) query = this.parseSequence(start);
    else if (this.eat('sample')) query = this.parseSample(start);
    else if (this.is('join'))
      throw this.error('join is not supported by Elasticsearch EQL; use sequence', this.peek);
    else {
      const filter = this.parseEventFilter();
      query = { type: 'EventQuery', filter, pipes: [], span: filter.span };
    }
    const pipes = this.parsePipes();
    if (this.peek.kind !== 'eof') {
      if (query.type === 'EventQuery') this.unexpected("'and', 'or', '|' or the end of the query");
      this.unexpected("'|' or the end of the query");
    }
    return { ...query, pipes, span: this.spanFrom(start) };
  }

  private parseEventFilter(): ast.EventFilter {
    const t = this.peek;
    let category: string | null;
    if (this.eat('any')) category = null;
    else if (t.kind === 'ident' || t.kind === 'string' || t.kind === 'quoted') {
      this.next();
      category = t.value;
    } else if (t.kind === 'keyword') {
      throw this.error(
        `'${t.value}' is a keyword; quote it to use it as an event category ("${t.value}" where …)`,
        t,
      );
    } else return this.unexpected('an event category (e.g. process, any) followed by where');
    if (!this.is('where')) {
      if (this.is('.') || this.is(':') || this.is('==') || this.is('('))
        throw this.error(
          `a query starts with an event category: write 'any where ${this.source.slice(t.start, this.peek.end)} …' ` +
            `or '<category> where …'`,
          t,
        );
      this.unexpected(`'where' after the event category ${this.describe(t)}`);
    }
    this.next();
    const condition = this.parseExpression();
    return { type: 'EventFilter', category, condition, span: this.spanFrom(t.start) };
  }

  private parseJoinKeys(): ast.Expr[] {
    const keys: ast.Expr[] = [];
    do keys.push(this.parseExpression());
    while (this.eat(','));
    return keys;
  }

  private parseSequence(start: number): ast.SequenceQuery {
    let by: ast.Expr[] = [];
    let maxspan: ast.TimeSpan | null = null;
    if (this.eat('by')) by = this.parseJoinKeys();
    if (this.is('with')) {
      maxspan = this.parseMaxspan();
      if (this.is('by'))
        throw this.error('specify sequence by before with maxspan, not after', this.peek);
    }
    const stages: ast.SequenceStage[] = [];
    while (this.is('[') || this.is('![')) stages.push(this.parseSequenceStage());
    let until: ast.SequenceStage | null = null;
    if (this.is('until')) {
      this.next();
      if (this.is('!['))
        throw this.error('the until stage cannot be a missing event ![…]', this.peek);
      if (!this.is('[')) this.unexpected("'[' to start the until stage");
      until = this.parseSequenceStage();
      if (until.runs !== null)
        throw this.error('the until stage cannot be repeated with runs', until.span);
    }
    if (stages.length === 0)
      this.unexpected(
        `'[' to start the first stage of the sequence (${this.describeFirstStage()})`,
      );
    const span = this.spanFrom(start);
    // Repeated stages count: `[a where x] with runs=2` is a two-stage sequence.
    const expanded = stages.reduce((n, s) => n + (s.runs ?? 1), 0);
    if (expanded < 2)
      throw this.error(`a sequence needs at least 2 stages, found ${expanded}`, span);
    this.checkKeyCounts(stages, until);
    const missing = stages.filter((s) => s.missing);
    if (missing.length === stages.length)
      throw this.error(
        'a sequence needs at least one stage that is not a missing event ![…]',
        span,
      );
    if (missing.length > 0 && maxspan === null)
      throw this.error(
        'a sequence with a missing-event stage ![…] needs with maxspan=… after sequence [by …]',
        missing[0].span,
      );
    return { type: 'SequenceQuery', by, maxspan, stages, until, pipes: [], span };
  }

  private describeFirstStage(): string {
    return 'as in sequence by host.id [process where …] [network where …]';
  }

  private checkKeyCounts(stages: ast.SequenceStage[], until: ast.SequenceStage | null): void {
    const expected = stages[0].by.length;
    for (const stage of [...stages.slice(1), ...(until ? [until] : [])]) {
      if (stage.by.length !== expected)
        throw this.error(
          `inconsistent number of join keys: expected ${expected} (as in the first stage) but found ${stage.by.length}`,
          stage.by.length > 0
            ? { start: stage.by[0].span.start, end: stage.by[stage.by.length - 1].span.end }
            : stage.span,
        );
    }
  }

  private parseMaxspan(): ast.TimeSpan {
    this.expect('with');
    if (!this.is('maxspan')) {
      const t = this.peek;
      if (t.kind === 'ident' && t.value === 'runs')
        throw this.error(
          'with runs=… belongs after a stage ([…] with runs=2), not after sequence',
          t,
        );
      this.unexpected("'maxspan' after with");
    }
    this.next();
    const eq = this.peek;
    if (eq.kind === 'punct' && eq.value === '==')
      throw this.error('write maxspan=… with a single =', eq);
    this.expect('=', "'=' after maxspan");
    const num = this.peek;
    if (num.kind === 'decimal')
      throw this.error(`maxspan must be a whole number with a unit, found ${num.value}`, num);
    if (num.kind !== 'integer') this.unexpected('a number after maxspan= (as in maxspan=30s)');
    this.next();
    const value = Number(num.value);
    if (value <= 0) throw this.error(`maxspan must be positive, found ${num.value}`, num);
    const unit = this.peek;
    if (unit.kind !== 'ident' || unit.start !== num.end) {
      throw this.error(
        `maxspan needs a time unit, e.g. ${num.value}s (one of ms, s, m, h, d)`,
        num,
      );
    }
    if (!TIME_UNITS.has(unit.value))
      throw this.error(
        `unknown time unit ${unit.value} in maxspan; use one of ms, s, m, h, d`,
        unit,
      );
    this.next();
    return {
      value,
      unit: unit.value as ast.TimeSpan['unit'],
      span: { start: num.start, end: unit.end },
    };
  }

  private parseStageFilter(): { filter: ast.EventFilter; missing: boolean; start: number } {
    const open = this.next();
    const filter = this.parseEventFilter();
    if (!this.is(']'))
      this.unexpected(`']' to close the stage opened at ${this.position(open.start)}`);
    this.next();
    return { filter, missing: open.value === '![', start: open.start };
  }

  private parseSequenceStage(): ast.SequenceStage {
    const { filter, missing, start } = this.parseStageFilter();
    const by = this.eat('by') ? this.parseJoinKeys() : [];
    let runs: number | null = null;
    if (this.is('with')) {
      const withToken = this.next();
      const key = this.peek;
      if (key.kind === 'keyword' && key.value === 'maxspan')
        throw this.error(
          'with maxspan=… belongs right after sequence [by …], before the first stage',
          key,
        );
      if (key.kind !== 'ident') this.unexpected("'runs' after with");
      if (key.value !== 'runs')
        throw this.error(`unknown stage option ${key.value}; only runs is supported`, key);
      this.next();
      this.expect('=', "'=' after runs");
      const num = this.peek;
      if (num.kind !== 'integer') {
        if (num.kind === 'decimal' || this.is('-'))
          throw this.error(`runs must be a whole number between 1 and ${MAX_RUNS}`, num);
        this.unexpected('a number after runs=');
      }
      this.next();
      runs = Number(num.value);
      if (runs < 1)
        throw this.error(`a stage must run at least once; found runs=${num.value}`, num);
      if (runs > MAX_RUNS)
        throw this.error(
          `a stage cannot be repeated more than ${MAX_RUNS} times; found runs=${num.value}`,
          { start: withToken.start, end: num.end },
        );
    }
    return { type: 'SequenceStage', filter, by, missing, runs, span: this.spanFrom(start) };
  }

  private parseSample(start: number): ast.SampleQuery {
    const by = this.eat('by') ? this.parseJoinKeys() : [];
    if (this.is('with'))
      throw this.error('sample does not take with maxspan or other options', this.peek);
    const stages: ast.SampleStage[] = [];
    while (this.is('[') || this.is('![')) {
      if (this.is('!['))
        throw this.error('missing events ![…] are only supported in sequences', this.peek);
      const { filter, start: stageStart } = this.parseStageFilter();
      const stageBy = this.eat('by') ? this.parseJoinKeys() : [];
      if (this.is('with'))
        throw this.error('sample stages do not take with runs or other options', this.peek);
      stages.push({ type: 'SampleStage', filter, by: stageBy, span: this.spanFrom(stageStart) });
    }
    if (stages.length === 0) this.unexpected("'[' to start the first stage of the sample");
    const span = this.spanFrom(start);
    if (stages.length < 2)
      throw this.error(`a sample needs at least 2 stages, found ${stages.length}`, span);
    const expected = stages[0].by.length;
    for (const stage of stages) {
      if (stage.by.length !== expected)
        throw this.error(
          `inconsistent number of join keys: expected ${expected} (as in the first stage) but found ${stage.by.length}`,
          stage.span,
        );
    }
    return { type: 'SampleQuery', by, stages, pipes: [], span };
  }

  private parsePipes(): ast.Pipe[] {
    const pipes: ast.Pipe[] = [];
    while (this.is('|')) {
      const bar = this.next();
      const name = this.peek;
      if (name.kind !== 'ident') this.unexpected('a pipe name (head or tail) after |');
      this.next();
      if (name.value !== 'head' && name.value !== 'tail') {
        if (ENDGAME_PIPES.has(name.value))
          throw this.error(
            `pipe ${name.value} is not supported by Elasticsearch EQL (only head and tail are)`,
            name,
          );
        throw this.error(`unknown pipe ${name.value}; use head or tail`, name);
      }
      const num = this.peek;
      if (num.kind !== 'integer') {
        if (num.kind === 'eof' || this.is('|'))
          throw this.error(`pipe ${name.value} expects exactly one argument, a number`, name);
        throw this.error(`pipe ${name.value} expects a positive whole number`, num);
      }
      this.next();
      if (this.is(','))
        throw this.error(`pipe ${name.value} expects exactly one argument`, this.peek);
      pipes.push({
        type: 'Pipe',
        name: name.value,
        count: Number(num.value),
        span: this.spanFrom(bar.start),
      });
    }
    return pipes;
  }
}
