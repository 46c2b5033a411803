// A query mistake with its position, shaped like EqlError (line, column, format()) so the rule
// importer places it at the right line and column of the rule file.

export class KqlError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
  readonly source: string;

  constructor(message: string, source: string, offset: number, length = 1) {
    super(message);
    this.name = 'KqlError';
    this.source = source;
    this.offset = Math.max(0, Math.min(offset, source.length));
    this.length = Math.max(1, length);
    const before = source.slice(0, this.offset);
    this.line = before.split('\n').length;
    this.column = this.offset - (before.lastIndexOf('\n') + 1) + 1;
  }

  /** `line:col: message`, then the source line and a caret under the offending text. */
  format(): string {
    const text = (this.source.split('\n')[this.line - 1] ?? '').replace(/\r$/, '');
    const width = Math.max(1, Math.min(this.length, text.length - this.column + 1));
    const pad = text.slice(0, this.column - 1).replace(/[^\t]/g, ' ');
    return `${this.line}:${this.column}: ${this.message}\n${text}\n${pad}${'^'.repeat(width)}`;
  }

  override toString(): string {
    return this.format();
  }
}
