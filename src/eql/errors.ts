// One error type for everything a person can get wrong in a query: syntax, names, arity,
// Elasticsearch's semantic rules. It always points at the offending text. KQL's errors
// (src/kql) share the positions and the caret so the rule importer places both alike.

/** A mistake in a query's text, located by offset, line and column. */
export class QueryError extends Error {
  /** 1-based line of the offending text. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units) of the offending text. */
  readonly column: number;
  /** 0-based offset into the source. */
  readonly offset: number;
  /** Length of the offending text (at least 1 for the caret). */
  readonly length: number;
  /** The whole query text the positions refer to. */
  readonly source: string;

  constructor(message: string, source: string, offset: number, length = 1) {
    super(message);
    this.name = 'QueryError';
    this.source = source;
    this.offset = Math.max(0, Math.min(offset, source.length));
    this.length = Math.max(1, length);
    const before = source.slice(0, this.offset);
    const lineStart = before.lastIndexOf('\n') + 1;
    this.line = before.split('\n').length;
    this.column = this.offset - lineStart + 1;
  }

  /** `line:col: message`, then the source line and a caret line under the offending text. */
  format(): string {
    const lines = this.source.split('\n');
    const text = (lines[this.line - 1] ?? '').replace(/\r$/, '');
    const width = Math.max(1, Math.min(this.length, text.length - this.column + 1));
    const pad = text.slice(0, this.column - 1).replace(/[^\t]/g, ' ');
    return `${this.line}:${this.column}: ${this.message}\n${text}\n${pad}${'^'.repeat(width)}`;
  }

  override toString(): string {
    return this.format();
  }
}

export class EqlError extends QueryError {
  constructor(message: string, source: string, offset: number, length = 1) {
    super(message, source, offset, length);
    this.name = 'EqlError';
  }
}
