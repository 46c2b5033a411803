// Turns a positioned query error into what the editor prints under the query: the offending
// line and a caret run under the exact span, like a compiler does.
import type { QueryError } from '../../worker/app-api';

export interface CaretView {
  line: number;
  column: number;
  source: string;
  pad: string;
  carets: string;
}

export function caretView(query: string, err: QueryError): CaretView {
  const lines = query.split('\n');
  const lineIndex = Math.max(0, Math.min(lines.length - 1, err.line - 1));
  const source = lines[lineIndex] ?? '';
  const col = Math.max(1, Math.min(source.length + 1, err.column));
  const len = Math.max(1, Math.min(err.length || 1, source.length - col + 1 || 1));
  // Tabs in the prefix stay tabs so the caret lines up under monospace text.
  const pad = source.slice(0, col - 1).replace(/[^\t]/g, ' ');
  return { line: lineIndex + 1, column: col, source, pad, carets: '^'.repeat(len) };
}

/** Offsets (in the query) of the error span, for selecting it in the textarea. */
export function errorRange(query: string, err: QueryError): [number, number] {
  const start = Math.max(0, Math.min(query.length, err.offset));
  return [start, Math.min(query.length, start + Math.max(1, err.length || 1))];
}
