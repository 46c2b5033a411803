// The Kibana Query Language (and Lucene's common subset): parse, and compile to the same
// engine form as EQL. Everything outside src/kql uses only what this file exports.
export type * as ast from './ast.ts';
export { KqlError } from './errors.ts';
export { parseKql } from './parser.ts';
export { compileKql, compileTree, fieldsOf, kqlInfoOf } from './compile.ts';
