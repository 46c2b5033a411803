// KQL to the engine's compiled form (src/eql/compiled.ts): an event query with one stage
// whose test is the KQL predicate, so a KQL rule rides the same Collector, Correlator and
// multi-rule plan as an EQL event query.
import type { CompiledQuery, CompiledStage, CompileOptions, Doc } from '../eql/compiled.ts';
import { fieldGetter } from '../eql/fields.ts';
import { toEpochMillis } from '../eql/timestamp.ts';
import { single } from '../eql/values.ts';
import type * as ast from './ast.ts';
import { fieldText } from './ast.ts';
import { fieldKind, storedField } from './field-kinds.ts';
import { anyOf, exists, globMatcher, valueTest } from './match.ts';
import { parseKql } from './parser.ts';
import { rangeTest } from './range.ts';

export type Predicate = (doc: Doc) => boolean;

/** What conjuncts() needs to revisit a KQL stage. */
interface KqlStageInfo {
  readonly query: ast.Query;
  readonly source: string;
}

const stageInfo = new WeakMap<CompiledStage, KqlStageInfo>();

export function kqlInfoOf(stage: CompiledStage): KqlStageInfo | undefined {
  return stageInfo.get(stage);
}

/** Compiles KQL text into the engine's form; throws KqlError for a malformed query. */
export function compileKql(source: string, options: CompileOptions = {}): CompiledQuery {
  return compileTree(parseKql(source), source, options);
}

export function compileTree(
  query: ast.Query,
  source: string,
  options: CompileOptions = {},
): CompiledQuery {
  const test = compilePredicate(query);
  const categoryField = options.categoryField ?? 'event.category';
  const stage: CompiledStage = {
    index: 0,
    sourceIndex: 0,
    category: categoryField === 'event.category' ? requiredCategory(query) : null,
    missing: false,
    runs: 1,
    keys: [],
    test,
    fields: fieldsOf(query),
    text: source,
  };
  stageInfo.set(stage, { query, source });
  const time = fieldGetter(options.timestampField ?? '@timestamp');
  const tiebreaker = options.tiebreakerField ? fieldGetter(options.tiebreakerField) : null;
  return {
    kind: 'event',
    source,
    stages: [stage],
    until: null,
    maxspanMs: null,
    pipes: [],
    timestamp: (doc) => toEpochMillis(time(doc)),
    tiebreaker: tiebreaker
      ? (doc) => {
          const v = single(tiebreaker(doc));
          return v === undefined ? null : v;
        }
      : null,
  };
}

/**
 * `event.category : process` at the top level (alone or and-ed) restricts the query to that
 * category: the engine then offers it only those events. The test still checks it.
 */
function requiredCategory(q: ast.Query): string | null {
  const operands = q.type === 'and' ? q.operands : [q];
  for (const o of operands) {
    if (
      o.type === 'match' &&
      o.field.parts.length === 1 &&
      o.field.parts[0] === 'event.category' &&
      o.value.parts.length === 1
    )
      return o.value.parts[0];
  }
  return null;
}

export function fieldsOf(q: ast.Query): string[] {
  const out = new Set<string>();
  const walk = (n: ast.Query, prefix: string): void => {
    switch (n.type) {
      case 'and':
      case 'or':
        n.operands.forEach((o) => walk(o, prefix));
        break;
      case 'not':
        walk(n.operand, prefix);
        break;
      case 'nested':
        walk(n.query, `${prefix}${fieldText(n.field)}.`);
        break;
      case 'free':
        break;
      default:
        out.add(prefix + fieldText(n.field));
    }
  };
  walk(q, '');
  return [...out];
}

export function compilePredicate(q: ast.Query): Predicate {
  switch (q.type) {
    case 'and': {
      const ops = q.operands.map(compilePredicate);
      if (ops.length === 2) {
        const [a, b] = ops;
        return (doc) => a(doc) && b(doc);
      }
      return (doc) => {
        for (let i = 0; i < ops.length; i++) if (!ops[i](doc)) return false;
        return true;
      };
    }
    case 'or': {
      const ops = q.operands.map(compilePredicate);
      return (doc) => {
        for (let i = 0; i < ops.length; i++) if (ops[i](doc)) return true;
        return false;
      };
    }
    case 'not': {
      const f = compilePredicate(q.operand);
      return (doc) => !f(doc);
    }
    case 'match':
      return onField(q.field, (path) => {
        const test = valueTest(fieldKind(path), q.value);
        return (v) => anyOf(v, test);
      });
    case 'exists':
      return onField(q.field, () => exists);
    case 'range':
      return onField(q.field, (path) => {
        const test = rangeTest(fieldKind(path), q.op, q.value.parts[0]);
        return (v) => anyOf(v, test);
      });
    case 'nested': {
      const inner = compilePredicate(q.query);
      return onField(q.field, () => (v) => {
        const items = Array.isArray(v) ? v : [v];
        return items.some((x) => typeof x === 'object' && x !== null && inner(x as Doc));
      });
    }
    case 'free': {
      // No field: any field of the event, each matched by its own kind.
      const tests = new Map<string, (v: unknown) => boolean>();
      return (doc) => {
        for (const [path, v] of leaves(doc)) {
          let t = tests.get(path);
          if (!t) {
            const test = valueTest(fieldKind(path), q.value);
            t = (x) => anyOf(x, test);
            tests.set(path, t);
          }
          if (t(v)) return true;
        }
        return false;
      };
    }
  }
}

/**
 * Reads the field (or, for a wildcard name, every field of the event it names) and applies
 * a test built for the field's path.
 */
function onField(
  field: ast.FieldName,
  build: (path: string) => (value: unknown) => boolean,
): Predicate {
  if (field.parts.length === 1) {
    const path = field.parts[0];
    const test = build(path);
    const get = fieldGetter(path);
    const stored = storedField(path);
    if (stored === path) return (doc) => test(get(doc));
    const fallback = fieldGetter(stored);
    return (doc) => {
      const v = get(doc);
      return test(v !== undefined ? v : fallback(doc));
    };
  }
  const name = globMatcher(field.parts, false);
  const tests = new Map<string, (v: unknown) => boolean>();
  return (doc) => {
    for (const [path, v] of leaves(doc)) {
      if (!name(path)) continue;
      let t = tests.get(path);
      if (!t) tests.set(path, (t = build(path)));
      if (t(v)) return true;
    }
    return false;
  };
}

/** Every field of an event with its value, as dotted paths (arrays of objects flattened). */
function* leaves(node: unknown, prefix = ''): Generator<[string, unknown]> {
  if (Array.isArray(node)) {
    if (node.some((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) {
      for (const x of node) yield* leaves(x, prefix);
      return;
    }
    if (prefix) yield [prefix, node];
    return;
  }
  if (typeof node === 'object' && node !== null) {
    for (const [k, v] of Object.entries(node)) yield* leaves(v, prefix ? `${prefix}.${k}` : k);
    return;
  }
  if (prefix) yield [prefix, node];
}
