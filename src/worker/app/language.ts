// The EQL language as the services use it: compile with a rule's field overrides, explain a
// match as a plain tree that crosses the worker boundary, and positioned errors.
import { compile, conjuncts, EqlError, explain, parse, print } from '../../eql/index.ts';
import type { CompiledStage, CompileOptions, Doc } from '../../eql/index.ts';
import type { Explanation } from '../../eql/index.ts';
import type { ExplanationNode, QueryError } from '../app-api.ts';
import type { Language } from './model.ts';

function toNode(e: Explanation): ExplanationNode {
  return {
    text: e.text,
    result: e.result,
    fields: e.fields.flatMap((f) =>
      Object.entries(f).map(([path, value]) => ({ path, value: value ?? null })),
    ),
    children: e.children.map(toNode),
  };
}

export function queryError(error: unknown, source: string): QueryError {
  if (error instanceof EqlError) {
    return {
      message: error.message,
      line: error.line,
      column: error.column,
      offset: error.offset,
      length: error.length,
      formatted: error.format(),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = source.split('\n')[0] ?? '';
  return {
    message,
    line: 1,
    column: 1,
    offset: 0,
    length: Math.max(1, firstLine.length),
    formatted: `1:1: ${message}`,
  };
}

export function eqlLanguage(options: CompileOptions = {}): Language {
  return {
    compile: (source) => compile(source, options),
    check: (source) => compile(source, options).kind,
    explain: (stage: CompiledStage, doc: Doc) => toNode(explain(stage, doc)),
    conjuncts: (stage: CompiledStage) =>
      conjuncts(stage).map((c) => ({ text: c.text, test: (doc: Doc) => c.test(doc) === true })),
    print: (source) => {
      try {
        return print(parse(source));
      } catch {
        return source;
      }
    },
    toQueryError: queryError,
  };
}
