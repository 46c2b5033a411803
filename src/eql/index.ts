// The EQL language: parse, validate, print and compile Elasticsearch 8.x EQL queries.
// Everything outside src/eql uses only what this file exports.
import type * as ast from './ast.ts';
import type { Query } from './ast.ts';
import { fieldPaths } from './walk.ts';

export type * as ast from './ast.ts';
export type { Query } from './ast.ts';
export type {
  CompiledQuery,
  CompiledStage,
  CompileOptions,
  Doc,
  Getter,
  HeadTailPipe,
  JoinKeyGetter,
} from './compiled.ts';
export { EqlError } from './errors.ts';
export { parse, tryParse, type ParseResult } from './parse.ts';
export { compile, compiledTest, releaseSyntax } from './compile.ts';
export { print, printExpr } from './print.ts';
export { explain, conjuncts, type Explanation, type Conjunct, type Truth } from './explain.ts';
export { toEpochMillis } from './timestamp.ts';

/** Every field path the query reads (conditions and join keys), deduplicated, in order. */
export function fieldsOf(query: Query): string[] {
  return fieldPaths(query as ast.Node);
}
export {
  closestFields,
  KnownFields,
  editDistance,
  namedFields,
  unknownFields,
  unknownFieldsMessage,
  type NamedField,
  type UnknownField,
} from './unknown-fields.ts';
