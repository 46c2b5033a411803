// The Kibana Query Language (and Lucene's common subset): parse, and compile to the same
// engine form as EQL. Everything outside src/kql uses only what this file exports.
export type * as ast from './ast.ts';
export { KqlError } from './errors.ts';
export { parseKql } from './parser.ts';
export { compileKql, compileTree, fieldsOf, kqlInfoOf } from './compile.ts';
export { parseLucene } from './lucene.ts';

import type { CompiledQuery, CompileOptions } from '../eql/compiled.ts';
import { compileTree } from './compile.ts';
import { parseLucene } from './lucene.ts';

/** Compiles a Lucene query-string query (the common subset) into the engine's form. */
export function compileLucene(source: string, options: CompileOptions = {}): CompiledQuery {
  return compileTree(parseLucene(source), source, options);
}
export {
  heldConjuncts,
  kqlConjuncts,
  kqlExplain,
  type KqlConjunct,
  type KqlExplanation,
} from './explain.ts';
