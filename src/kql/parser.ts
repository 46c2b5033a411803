// KQL parser, character by character: what counts as a token depends on where it stands
// (`or` ends an unquoted value only between spaces, `*` is a wildcard only unquoted), so
// there is no separate lexer. Follows Kibana's kuery grammar: `or` binds loosest, then
// `and`, then `not`; value lists `field:(a or b)`; nested `field:{…}`; ranges; escapes.
import type * as ast from './ast.ts';
import { KqlError } from './errors.ts';

const SPECIAL = new Set(['\\', '(', ')', ':', '<', '>', '"', '*', '{', '}']);
const SPACE = new Set([' ', '\t', '\r', '\n']);
const ESCAPED_SPACE: Record<string, string> = { t: '\t', r: '\r', n: '\n' };

/** Parses a KQL query; throws KqlError pointing at the first mistake. */
export function parseKql(source: string): ast.Query {
  return new Parser(source).parse();
}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): ast.Query {
    this.spaces();
    if (this.pos >= this.src.length) return { type: 'and', operands: [], span: span(0, 0) };
    const q = this.or();
    this.spaces();
    if (this.pos < this.src.length) {
      const c = this.src[this.pos];
      const hint = c === ')' ? "unbalanced ')'" : `unexpected '${c}'`;
      this.fail(`${hint}: expected 'and', 'or' or the end of the query`);
    }
    return q;
  }

  // --- boolean structure -------------------------------------------------------------

  private or(): ast.Query {
    return this.chain('or', () => this.and());
  }

  private and(): ast.Query {
    return this.chain('and', () => this.not());
  }

  private chain(op: 'or' | 'and', next: () => ast.Query): ast.Query {
    const start = this.pos;
    const operands = [next()];
    while (this.keywordBetweenSpaces(op)) operands.push(next());
    if (operands.length === 1) return operands[0];
    return { type: op, operands, span: span(start, this.pos) };
  }

  private not(): ast.Query {
    const start = this.pos;
    if (this.keywordAhead('not')) {
      this.pos += 3;
      this.spaces();
      const operand = this.sub();
      return { type: 'not', operand, span: span(start, this.pos) };
    }
    return this.sub();
  }

  private sub(): ast.Query {
    const start = this.pos;
    if (this.peek() === '(') {
      this.pos++;
      this.spaces();
      const q = this.or();
      this.spaces();
      this.expect(')', `missing ')' to close the '(' at ${this.where(start)}`);
      return q;
    }
    return this.expression();
  }

  private expression(): ast.Query {
    const start = this.pos;
    if (this.atEnd()) this.fail('expected a field or a value');
    const c = this.peek();
    if (c === ')' || c === ':' || c === '{' || c === '}' || c === '<' || c === '>')
      this.fail(`expected a field or a value, found '${c}'`);
    const literal = this.literal();
    const afterLiteral = this.pos;
    this.spaces();
    const field: ast.FieldName = { parts: literal.parts, span: literal.span };
    if (this.peek() === ':') {
      if (literal.parts.length === 1 && literal.parts[0] === '' && !literal.quoted)
        this.fail('a field name is needed before the colon', start);
      this.pos++;
      this.spaces();
      if (this.peek() === '{') {
        const open = this.pos;
        this.pos++;
        this.spaces();
        const query = this.or();
        this.spaces();
        this.expect('}', `missing '}' to close the '{' at ${this.where(open)}`);
        return { type: 'nested', field, query, span: span(start, this.pos) };
      }
      return this.values(field, start);
    }
    const op = this.rangeOp();
    if (op) {
      this.spaces();
      if (this.atEnd()) this.fail(`expected a value after '${op}'`);
      const value = this.literal();
      if (value.parts.length > 1)
        this.fail('a range bound cannot hold a wildcard', value.span.start);
      return { type: 'range', field, op, value, span: span(start, this.pos) };
    }
    this.pos = afterLiteral;
    return { type: 'free', value: literal, span: literal.span };
  }

  private rangeOp(): ast.RangeOp | null {
    const two = this.src.slice(this.pos, this.pos + 2);
    if (two === '<=' || two === '>=') {
      this.pos += 2;
      return two;
    }
    const one = this.peek();
    if (one === '<' || one === '>') {
      this.pos++;
      return one;
    }
    return null;
  }

  // --- value lists: field : (a or b and not c) ---------------------------------------

  private values(field: ast.FieldName, start: number): ast.Query {
    if (this.peek() === '(') {
      const open = this.pos;
      this.pos++;
      this.spaces();
      const q = this.valueOr(field);
      this.spaces();
      this.expect(')', `missing ')' to close the value list opened at ${this.where(open)}`);
      return q;
    }
    if (this.atEnd() || SPACE.has(this.peek()) || this.peek() === ')')
      this.fail(`expected a value after '${ast_field(field)} :'`);
    const value = this.literal();
    return valueQuery(field, value, span(start, this.pos));
  }

  private valueOr(field: ast.FieldName): ast.Query {
    const start = this.pos;
    const operands = [this.valueAnd(field)];
    while (this.keywordBetweenSpaces('or')) operands.push(this.valueAnd(field));
    return operands.length === 1
      ? operands[0]
      : { type: 'or', operands, span: span(start, this.pos) };
  }

  private valueAnd(field: ast.FieldName): ast.Query {
    const start = this.pos;
    const operands = [this.valueNot(field)];
    while (this.keywordBetweenSpaces('and')) operands.push(this.valueNot(field));
    return operands.length === 1
      ? operands[0]
      : { type: 'and', operands, span: span(start, this.pos) };
  }

  private valueNot(field: ast.FieldName): ast.Query {
    const start = this.pos;
    if (this.keywordAhead('not')) {
      this.pos += 3;
      this.spaces();
      const operand = this.valueNot(field);
      return { type: 'not', operand, span: span(start, this.pos) };
    }
    if (this.peek() === '(') {
      const open = this.pos;
      this.pos++;
      this.spaces();
      const q = this.valueOr(field);
      this.spaces();
      this.expect(')', `missing ')' to close the '(' at ${this.where(open)}`);
      return q;
    }
    if (this.atEnd()) this.fail('expected a value');
    const c = this.peek();
    if (c === ')' || c === ':' || c === '{' || c === '}' || c === '<' || c === '>')
      this.fail(`expected a value, found '${c}'`);
    const value = this.literal();
    return valueQuery(field, value, span(start, this.pos));
  }

  // --- literals -----------------------------------------------------------------------

  private literal(): ast.Value {
    for (const k of ['or', 'and'])
      if (this.keywordAhead(k))
        this.fail(`expected a field or a value, found '${k}'`, this.pos, k.length);
    return this.peek() === '"' ? this.quoted() : this.unquoted();
  }

  private quoted(): ast.Value {
    const start = this.pos;
    this.pos++;
    let text = '';
    for (;;) {
      if (this.atEnd()) this.fail('unterminated quoted string', start);
      const c = this.src[this.pos];
      if (c === '"') break;
      if (c === '\\') {
        const n = this.src[this.pos + 1];
        if (n !== undefined && n in ESCAPED_SPACE) {
          text += ESCAPED_SPACE[n];
          this.pos += 2;
          continue;
        }
        if (n === 'u' && /^[0-9a-fA-F]{4}$/.test(this.src.slice(this.pos + 2, this.pos + 6))) {
          text += String.fromCharCode(parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
          continue;
        }
        if (n === '\\' || n === '"') {
          text += n;
          this.pos += 2;
          continue;
        }
        // Kibana keeps any other backslash as written: "C:\Windows" is C:\Windows.
      }
      text += c;
      this.pos++;
    }
    this.pos++;
    return { parts: [text], quoted: true, span: span(start, this.pos) };
  }

  private unquoted(): ast.Value {
    const start = this.pos;
    const parts: string[] = [];
    let text = '';
    // Trailing spaces are trimmed, but only those that were not escaped.
    let keep = 0;
    while (!this.atEnd()) {
      const c = this.src[this.pos];
      if (c === '\\') {
        text += this.escape();
        keep = text.length;
        continue;
      }
      if (c === '*') {
        parts.push(text);
        text = '';
        keep = 0;
        this.pos++;
        continue;
      }
      if (SPECIAL.has(c)) break;
      if (SPACE.has(c)) {
        const save = this.pos;
        if (this.keywordBetweenSpaces('or', true) || this.keywordBetweenSpaces('and', true)) {
          this.pos = save;
          break;
        }
        text += c;
        this.pos++;
        continue;
      }
      text += c;
      keep = text.length;
      this.pos++;
    }
    parts.push(text.slice(0, Math.max(keep, trimEnd(text))));
    // Give back the trimmed spaces so the caller sees them as separators.
    while (this.pos > start && SPACE.has(this.src[this.pos - 1]) && this.src[this.pos - 2] !== '\\')
      this.pos--;
    if (this.pos === start) this.fail('expected a value');
    return { parts, quoted: false, span: span(start, this.pos) };
  }

  private escape(): string {
    const at = this.pos;
    const n = this.src[this.pos + 1];
    if (n === undefined) this.fail('a backslash at the end of the query escapes nothing', at);
    if (n in ESCAPED_SPACE) {
      this.pos += 2;
      return ESCAPED_SPACE[n];
    }
    if (SPECIAL.has(n)) {
      this.pos += 2;
      return n;
    }
    if (n === 'u') {
      const hex = this.src.slice(this.pos + 2, this.pos + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('\\u needs four hex digits', at, 2);
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    for (const k of ['or', 'and', 'not']) {
      if (this.src.slice(this.pos + 1, this.pos + 1 + k.length).toLowerCase() === k) {
        const word = this.src.slice(this.pos + 1, this.pos + 1 + k.length);
        this.pos += 1 + k.length;
        return word;
      }
    }
    return this.fail(
      `unknown escape '\\${n}': in an unquoted value only \\ ( ) : < > " * { } and spaces are escaped (quote the value to keep backslashes)`,
      at,
      2,
    );
  }

  // --- small helpers ------------------------------------------------------------------

  /** Consumes `Space+ keyword Space+` (lookahead only when `peekOnly`). */
  private keywordBetweenSpaces(word: string, peekOnly = false): boolean {
    let p = this.pos;
    if (!SPACE.has(this.src[p])) return false;
    while (SPACE.has(this.src[p])) p++;
    if (this.src.slice(p, p + word.length).toLowerCase() !== word) return false;
    const after = this.src[p + word.length];
    // Kibana wants a space after the keyword; a parenthesis is accepted too.
    if (!(SPACE.has(after) || after === '(')) return false;
    if (!peekOnly) {
      this.pos = p + word.length;
      this.spaces();
    }
    return true;
  }

  private keywordAhead(word: string): boolean {
    if (this.src.slice(this.pos, this.pos + word.length).toLowerCase() !== word) return false;
    const after = this.src[this.pos + word.length];
    return SPACE.has(after) || after === '(';
  }

  private spaces(): void {
    while (SPACE.has(this.src[this.pos])) this.pos++;
  }

  private peek(): string {
    return this.src[this.pos] ?? '';
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  private expect(c: string, message: string): void {
    if (this.peek() !== c) this.fail(message);
    this.pos++;
  }

  private where(offset: number): string {
    const e = new KqlError('', this.src, offset);
    return `${e.line}:${e.column}`;
  }

  private fail(message: string, at = this.pos, length = 1): never {
    throw new KqlError(message, this.src, at, length);
  }
}

function valueQuery(field: ast.FieldName, value: ast.Value, s: ast.Span): ast.Query {
  if (!value.quoted && value.parts.length === 2 && value.parts[0] === '' && value.parts[1] === '')
    return { type: 'exists', field, span: s };
  return { type: 'match', field, value, span: s };
}

function trimEnd(text: string): number {
  let n = text.length;
  while (n > 0 && SPACE.has(text[n - 1])) n--;
  return n;
}

function ast_field(f: ast.FieldName): string {
  return f.parts.join('*');
}

function span(start: number, end: number): ast.Span {
  return { start, end };
}
