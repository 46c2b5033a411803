// Parser state shared by the expression and query parsers: the token list, a cursor, and
// error helpers that always point at a token.
import { EqlError } from './errors.ts';
import type { Span } from './ast.ts';
import { KEYWORDS, type Token } from './tokens.ts';

export class TokenStream {
  /** The whole query text, for error excerpts. */
  protected readonly source: string;
  /** Every token of the query, ending with one `eof`. */
  protected readonly tokens: Token[];
  /** Index of the next unread token. */
  protected index = 0;

  constructor(source: string, tokens: Token[]) {
    this.source = source;
    this.tokens = tokens;
  }

  protected get peek(): Token {
    return this.tokens[this.index];
  }

  protected peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  protected next(): Token {
    const t = this.tokens[this.index];
    if (t.kind !== 'eof') this.index++;
    return t;
  }

  /** End offset of the last consumed token, to close a node's span. */
  protected get lastEnd(): number {
    return this.index > 0 ? this.tokens[this.index - 1].end : 0;
  }

  protected spanFrom(start: number): Span {
    return { start, end: this.lastEnd };
  }

  protected is(value: string): boolean {
    const t = this.peek;
    return (t.kind === 'punct' || t.kind === 'keyword') && t.value === value;
  }

  protected eat(value: string): Token | null {
    return this.is(value) ? this.next() : null;
  }

  protected expect(value: string, what?: string): Token {
    if (this.is(value)) return this.next();
    return this.unexpected(what ?? `'${value}'`);
  }

  protected describe(t: Token): string {
    switch (t.kind) {
      case 'eof':
        return 'end of query';
      case 'string':
        return `string ${JSON.stringify(t.value)}`;
      case 'ident':
      case 'quoted':
        return `'${t.value}'`;
      default:
        return `'${t.value}'`;
    }
  }

  protected unexpected(expected: string, t: Token = this.peek): never {
    // At the end of the query, point just past the last token rather than at nothing.
    const at = t.kind === 'eof' ? { start: this.lastEnd, end: this.lastEnd + 1 } : t;
    const lower = t.value.toLowerCase();
    const hint =
      t.kind === 'ident' && t.value !== lower && KEYWORDS.has(lower)
        ? ` (keywords are lowercase: write ${lower})`
        : '';
    throw this.error(`expected ${expected}, found ${this.describe(t)}${hint}`, at);
  }

  protected error(message: string, at: Token | Span): EqlError {
    const start = 'kind' in at ? at.start : at.start;
    const end = at.end;
    return new EqlError(message, this.source, start, Math.max(1, end - start));
  }

  /** `line:col` of an offset, for messages that refer back to an earlier position. */
  protected position(offset: number): string {
    const before = this.source.slice(0, offset);
    const line = before.split('\n').length;
    return `${line}:${offset - (before.lastIndexOf('\n') + 1) + 1}`;
  }
}
