// The EQL language as the services use it: compile with a rule's field overrides, explain a
// match as a plain tree that crosses the worker boundary, and positioned errors.
import { compile, EqlError, explain, parse, print } from '../../eql/index.ts';
import {
  compileKql,
  compileLucene,
  KqlError,
  heldConjuncts,
  kqlExplain,
  parseKql,
  parseLucene,
  type KqlExplanation,
} from '../../kql/index.ts';
import type { CompiledStage, CompileOptions, Doc } from '../../eql/index.ts';
import type { Explanation } from '../../eql/index.ts';
import type { ExplanationNode, QueryError } from '../app-api.ts';
import type { Language } from './model.ts';

function toNode(e: Explanation | KqlExplanation): ExplanationNode {
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
  if (error instanceof EqlError || error instanceof KqlError) {
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

/**
 * The language a rule is written in: EQL by default; `queryLanguage` 'kuery' or 'lucene' for
 * Elastic's KQL and Lucene rules, which compile to the same stages (so explain and near-miss
 * counts work on either).
 */
export function eqlLanguage(
  options: CompileOptions & { queryLanguage?: 'kuery' | 'lucene' } = {},
): Language {
  const { queryLanguage, ...compileOptions } = options;
  const compileText = (source: string) =>
    queryLanguage === 'kuery'
      ? compileKql(source, compileOptions)
      : queryLanguage === 'lucene'
        ? compileLucene(source, compileOptions)
        : compile(source, compileOptions);
  return {
    options,
    compile: compileText,
    check: (source) => compileText(source).kind,
    explain: (stage: CompiledStage, doc: Doc) =>
      toNode(kqlExplain(stage, doc) ?? explain(stage, doc)),
    conjuncts: heldConjuncts,
    print: (source) => {
      try {
        if (queryLanguage === 'kuery') parseKql(source);
        else if (queryLanguage === 'lucene') parseLucene(source);
        else return print(parse(source));
        return source;
      } catch {
        return source;
      }
    },
    toQueryError: queryError,
  };
}
