// Entry points for parsing, remembering each tree's source text so compile() can point
// errors at the text the user wrote.
import type * as ast from './ast.ts';
import { EqlError } from './errors.ts';
import { Parser } from './parser.ts';
import { validate } from './validate.ts';

const sources = new WeakMap<ast.Query, string>();

export function sourceOf(query: ast.Query): string | undefined {
  return sources.get(query);
}

export function parseWithSource(source: string): { query: ast.Query; source: string } {
  if (typeof source !== 'string') throw new TypeError('parse() expects the query text');
  const query = new Parser(source).parseQuery();
  validate(query, source);
  sources.set(query, source);
  return { query, source };
}

/** Parses and validates a query; throws EqlError with the position of the first problem. */
export function parse(source: string): ast.Query {
  return parseWithSource(source).query;
}

export type ParseResult = { ok: true; query: ast.Query } | { ok: false; error: EqlError };

/** parse() for live validation: never throws for a bad query. */
export function tryParse(source: string): ParseResult {
  try {
    return { ok: true, query: parse(source) };
  } catch (e) {
    if (e instanceof EqlError) return { ok: false, error: e };
    throw e;
  }
}
