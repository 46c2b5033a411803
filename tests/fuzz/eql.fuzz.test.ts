// Fuzzing the language: real rule queries mutated token by token, token soup and random text
// go through parse → compile → evaluation. The only error is an EqlError with a position;
// nothing hangs, and a compiled query evaluates any document without throwing.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile, EqlError, parse, type CompiledQuery } from '../../src/eql/index.ts';
import { WINRM_ELASTIC_QUERY, WINRM_SEQUENT_QUERY } from '../../src/rules/builtin/index.ts';
import { budget, CASE_MS, counted, reportCases } from './budget.ts';
import { applyEdits, EQL_TOKENS as TOKENS, textEdit } from './text-mutation.ts';

reportCases('eql');

const SEEDS = [
  WINRM_ELASTIC_QUERY,
  WINRM_SEQUENT_QUERY,
  ...readFileSync(
    fileURLToPath(new URL('../fixtures/eql/rule-shapes.eql', import.meta.url)),
    'utf8',
  )
    .split(/^---$/m)
    .map((q) => q.trim())
    .filter(Boolean),
];

const mutation = textEdit(TOKENS, { deleteMax: 20, duplicateMax: 60 });

const leaf = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    '10.0.0.1',
    '::1',
    'winrshost.exe',
    'C:\\Windows\\cmd.exe',
    '2024-01-01T00:00:00Z',
    'http',
  ),
);
const FIELDS = [
  'process',
  'name',
  'pid',
  'args',
  'event',
  'type',
  'category',
  'source',
  'ip',
  'network',
  'host',
  'id',
  'user',
  'destination',
  'port',
  '@timestamp',
  'parent',
];
const doc = fc.letrec<{ obj: Record<string, unknown>; value: unknown }>((tie) => ({
  obj: fc.dictionary(fc.constantFrom(...FIELDS), tie('value'), { maxKeys: 6 }),
  value: fc.oneof({ depthSize: 'small' }, leaf, tie('obj'), fc.array(leaf, { maxLength: 4 })),
})).obj;

/** Parses and compiles; only an EqlError with a position may come out, and quickly. */
function compilesOrSaysWhere(source: string): CompiledQuery | null {
  counted();
  const started = performance.now();
  try {
    parse(source);
    return compile(source);
  } catch (e) {
    if (!(e instanceof EqlError)) throw e;
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.format()).toContain('^');
    return null;
  } finally {
    expect(performance.now() - started, source).toBeLessThan(CASE_MS);
  }
}

function evaluatesAnything(q: CompiledQuery, docs: Record<string, unknown>[]): void {
  const started = performance.now();
  for (const d of docs) {
    for (const s of q.stages) {
      expect(typeof s.test(d)).toBe('boolean');
      for (const k of s.keys) k.get(d);
    }
    q.timestamp(d);
  }
  expect(performance.now() - started).toBeLessThan(CASE_MS);
}

describe('EQL: parse → compile → evaluate, whatever the text', () => {
  it('real rule queries, mutated', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(mutation, { minLength: 1, maxLength: 5 }),
        fc.array(doc, { maxLength: 3 }),
        (seed, steps, docs) => {
          const q = compilesOrSaysWhere(applyEdits(seed, steps));
          if (q) evaluatesAnything(q, docs);
        },
      ),
      budget(1000),
    );
  });

  it('token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), (parts) => {
        compilesOrSaysWhere(parts.join(''));
      }),
      budget(1000),
    );
  });

  it('random text, any code points', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300, unit: 'binary' }),
        (s) => void compilesOrSaysWhere(s),
      ),
      budget(800),
    );
  });

  it('the seeds compile and evaluate any generated document', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(doc, { minLength: 1, maxLength: 5 }),
        (seed, docs) => {
          const q = compilesOrSaysWhere(seed);
          expect(q, seed).not.toBeNull();
          evaluatesAnything(q!, docs);
        },
      ),
      budget(300),
    );
  });
});
