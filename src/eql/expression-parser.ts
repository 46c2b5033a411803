// Conditions: precedence climbing over Elasticsearch's levels, loosest first:
// or < and < not < comparison < predicate (: like regex in) < + - < * / % < unary - < primary.
import type * as ast from './ast.ts';
import { TokenStream } from './token-stream.ts';

const COMPARE_OPS: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const MATCH_OPS: ReadonlySet<string> = new Set([':', 'like', 'like~', 'regex', 'regex~']);

/** Binding power of the binary arithmetic operators. */
const ARITH_PRECEDENCE: Record<string, number> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2 };

/** Endgame / other-language function names that Elasticsearch spells differently. */
const FUNCTION_HINTS: Record<string, string> = {
  wildcard: 'use the : operator with a wildcard pattern instead, e.g. field : ("a*", "*b")',
  match: 'use the regex operator instead, e.g. field regex "a.*"',
  matchlite: 'use the regex operator instead, e.g. field regex "a.*"',
  arraycontains: 'use field : "value" (multi-valued fields match when any value matches)',
  arraysearch: 'not supported by Elasticsearch EQL',
  arraycount: 'not supported by Elasticsearch EQL',
};

/** Deeper nesting than this is refused rather than risking the call stack. */
const MAX_NESTING = 200;
/** Longer chains of one operator (a or b or …) are refused for the same reason. */
const MAX_CHAIN = 2000;

export class ExpressionParser extends TokenStream {
  /** Current nesting of parentheses, not, signs, calls and lists. */
  private nesting = 0;

  parseExpression(): ast.Expr {
    if (++this.nesting > MAX_NESTING)
      throw this.error(`the condition is nested more than ${MAX_NESTING} levels deep`, this.peek);
    try {
      return this.parseOr();
    } finally {
      this.nesting--;
    }
  }

  private checkChain(length: number): void {
    if (length > MAX_CHAIN)
      throw this.error(
        `the condition chains more than ${MAX_CHAIN} terms with one operator; use in (…) or : (…) lists`,
        this.peek,
      );
  }

  private parseOr(): ast.Expr {
    let left = this.parseAnd();
    for (let n = 1; this.eat('or'); n++) {
      this.checkChain(n);
      const right = this.parseAnd();
      left = { type: 'Logical', op: 'or', left, right, span: this.spanFrom(left.span.start) };
    }
    return left;
  }

  private parseAnd(): ast.Expr {
    let left = this.parseNot();
    for (let n = 1; this.eat('and'); n++) {
      this.checkChain(n);
      const right = this.parseNot();
      left = { type: 'Logical', op: 'and', left, right, span: this.spanFrom(left.span.start) };
    }
    return left;
  }

  private parseNot(): ast.Expr {
    const not = this.eat('not');
    if (!not) return this.parseComparison();
    if (++this.nesting > MAX_NESTING)
      throw this.error(`the condition is nested more than ${MAX_NESTING} levels deep`, not);
    const operand = this.parseNot();
    this.nesting--;
    return { type: 'Not', operand, span: this.spanFrom(not.start) };
  }

  private parseComparison(): ast.Expr {
    const left = this.parsePredicate();
    const t = this.peek;
    if (t.kind === 'punct' && t.value === '=')
      throw this.error('use == to compare values (a single = only appears in with maxspan=…)', t);
    if (t.kind !== 'punct' || !COMPARE_OPS.has(t.value)) return left;
    this.next();
    const right = this.parsePredicate();
    const node: ast.Compare = {
      type: 'Compare',
      op: t.value as ast.CompareOp,
      left,
      right,
      span: this.spanFrom(left.span.start),
    };
    const again = this.peek;
    if (again.kind === 'punct' && (COMPARE_OPS.has(again.value) || again.value === '='))
      throw this.error(
        'comparisons cannot be chained; combine them with and (a < b and b < c)',
        again,
      );
    return node;
  }

  private parsePredicate(): ast.Expr {
    const operand = this.parseArith(0);
    const start = operand.span.start;
    const t = this.peek;
    if ((t.kind === 'punct' || t.kind === 'keyword') && MATCH_OPS.has(t.value)) {
      this.next();
      const list = this.is('(');
      const patterns: ast.Literal[] = [];
      if (list) {
        this.next();
        do patterns.push(this.parseMatchConstant(t.value));
        while (this.eat(','));
        this.expect(')', `',' or ')' to close the list of ${t.value} patterns`);
      } else {
        patterns.push(this.parseMatchConstant(t.value));
      }
      return {
        type: 'Match',
        op: t.value as ast.MatchOp,
        operand,
        patterns,
        list,
        span: this.spanFrom(start),
      };
    }
    let negated = false;
    if (
      this.is('not') &&
      this.peekAt(1).kind === 'keyword' &&
      /^in~?$/.test(this.peekAt(1).value)
    ) {
      this.next();
      negated = true;
    }
    if (this.is('in') || this.is('in~')) {
      const kw = this.next();
      const open = this.expect('(', `'(' to start the list after ${kw.value}`);
      const values: ast.Expr[] = [];
      do values.push(this.parseExpression());
      while (this.eat(','));
      if (!this.is(')'))
        this.unexpected(`',' or ')' to close the list opened at ${this.position(open.start)}`);
      this.next();
      return {
        type: 'In',
        operand,
        values,
        insensitive: kw.value === 'in~',
        negated,
        span: this.spanFrom(start),
      };
    }
    return operand;
  }

  private parseMatchConstant(op: string): ast.Literal {
    const t = this.peek;
    const literal = this.parseLiteral();
    if (literal) return literal;
    if (t.kind === 'ident' || t.kind === 'quoted' || t.kind === 'punct')
      throw this.error(
        `the right side of ${op} must be a constant string or a parenthesized list of them; ` +
          'to compare two fields use ==',
        t,
      );
    return this.unexpected(`a string pattern after ${op}`);
  }

  private parseArith(minPrecedence: number): ast.Expr {
    let left = this.parseUnary();
    for (let n = 1; ; n++) {
      this.checkChain(n);
      const t = this.peek;
      const prec = t.kind === 'punct' ? ARITH_PRECEDENCE[t.value] : undefined;
      if (prec === undefined || prec <= minPrecedence) return left;
      this.next();
      const right = this.parseArith(prec);
      left = {
        type: 'Arith',
        op: t.value as ast.ArithOp,
        left,
        right,
        span: this.spanFrom(left.span.start),
      };
    }
  }

  private parseUnary(): ast.Expr {
    const sign = this.eat('-') ?? this.eat('+');
    if (!sign) return this.parsePrimary();
    if (++this.nesting > MAX_NESTING)
      throw this.error(`the condition is nested more than ${MAX_NESTING} levels deep`, sign);
    const operand = this.parseUnary();
    this.nesting--;
    // Unary plus changes nothing, so it leaves no node (keeps print → parse an identity).
    if (sign.value === '+') return operand;
    return { type: 'Negate', operand, span: this.spanFrom(sign.start) };
  }

  protected parseLiteral(): ast.Literal | null {
    const t = this.peek;
    const span = { start: t.start, end: t.end };
    switch (t.kind) {
      case 'string':
        this.next();
        return { type: 'String', value: t.value, span };
      case 'integer':
      case 'decimal': {
        this.next();
        const value = Number(t.value);
        if (!Number.isFinite(value)) throw this.error(`number ${t.value} is out of range`, t);
        return { type: 'Number', value, integer: t.kind === 'integer', span };
      }
      case 'keyword':
        if (t.value === 'true' || t.value === 'false') {
          this.next();
          return { type: 'Boolean', value: t.value === 'true', span };
        }
        if (t.value === 'null') {
          this.next();
          return { type: 'Null', span };
        }
        return null;
      default:
        return null;
    }
  }

  private parsePrimary(): ast.Expr {
    const literal = this.parseLiteral();
    if (literal) return literal;
    const t = this.peek;
    if (this.is('(')) {
      this.next();
      const inner = this.parseExpression();
      if (!this.is(')'))
        this.unexpected(`')' to close the parenthesis opened at ${this.position(t.start)}`);
      this.next();
      return inner;
    }
    if (this.is('?')) {
      this.next();
      const name = this.peek;
      if (name.kind !== 'ident' && name.kind !== 'quoted')
        this.unexpected('a field name after ? (as in ?process.name)');
      return this.parseField(t.start, true);
    }
    if (
      t.kind === 'ident' &&
      /^(descendant|child|event)$/.test(t.value) &&
      this.peekAt(1).value === 'of'
    )
      throw this.error(
        `${t.value} of […] (Endgame event relationships) is not supported by Elasticsearch EQL`,
        t,
      );
    if (t.kind === 'ident' && this.peekAt(1).kind === 'punct' && this.peekAt(1).value === '(')
      return this.parseCall();
    if (t.kind === 'ident' || t.kind === 'quoted') return this.parseField(t.start, false);
    return this.unexpected('an expression (a field, a constant, a function call or ( … ))');
  }

  private parseField(start: number, optional: boolean): ast.Field {
    const path: string[] = [this.next().value];
    for (;;) {
      if (this.is('.') && this.peek.start === this.lastEnd) {
        this.next();
        const seg = this.peek;
        // Elasticsearch reserves keywords even after a dot; real field paths rarely collide,
        // and accepting them costs nothing, so `event.sequence` or `x.by` parse.
        if (seg.kind !== 'ident' && seg.kind !== 'quoted' && seg.kind !== 'keyword')
          this.unexpected('a field name after .');
        path.push(this.next().value);
        continue;
      }
      if (this.is('[') && this.peek.start === this.lastEnd && this.peekAt(1).kind === 'integer')
        throw this.error(
          'array indexes (field[0]) are not supported by Elasticsearch EQL',
          this.peek,
        );
      break;
    }
    return { type: 'Field', path, optional, span: this.spanFrom(start) };
  }

  private parseCall(): ast.Call {
    const nameToken = this.next();
    const hint = FUNCTION_HINTS[nameToken.value.replace(/~$/, '').toLowerCase()];
    if (hint) throw this.error(`${nameToken.value}() is Endgame EQL; ${hint}`, nameToken);
    const open = this.next();
    const args: ast.Expr[] = [];
    if (!this.is(')')) {
      do args.push(this.parseExpression());
      while (this.eat(','));
    }
    if (!this.is(')'))
      this.unexpected(
        `',' or ')' to close the arguments of ${nameToken.value} opened at ${this.position(open.start)}`,
      );
    this.next();
    return { type: 'Call', name: nameToken.value, args, span: this.spanFrom(nameToken.start) };
  }
}
