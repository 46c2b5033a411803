// Differential: a random KQL query and its EQL equivalent, written side by side from the same
// random tree, select the same events from random (synthetic) ECS-shaped events. The EQL
// side spells out what KQL means: a condition on an absent field is false, not unknown, so
// every leaf is guarded with `field != null`.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { compileKql } from '../../src/kql/index.ts';

interface Pair {
  kql: string;
  eql: string;
  /** The KQL text is a bare `or`: an `and` around it needs parentheses, nothing else does. */
  or?: boolean;
}

const operand = (p: Pair) => (p.or ? `(${p.kql})` : p.kql);

const NAMES = ['cmd.exe', 'Cmd.exe', 'powershell.exe', 'net.exe', 'net1.exe', 'a b.exe'];
const TYPES = ['start', 'end', 'info', 'change'];
const PIDS = [0, 4, 100, 4000];

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
const guard = (field: string, cond: string) => `(${field} != null and ${cond})`;

const stringField = fc.constantFrom(
  { field: 'process.name', values: NAMES },
  { field: 'event.type', values: TYPES },
  { field: 'user.name', values: ['alice', 'bob', 'Alice'] as string[] },
);

const leaf: fc.Arbitrary<Pair> = fc.oneof(
  stringField.chain(({ field, values }) =>
    fc.constantFrom(...values).map((v) => ({
      kql: `${field}: ${quote(v)}`,
      eql: guard(field, `${field} == ${quote(v)}`),
    })),
  ),
  stringField.chain(({ field, values }) =>
    fc.tuple(fc.constantFrom(...values), fc.nat(3), fc.boolean()).map(([v, cut, leading]) => {
      const stem = v.slice(0, cut + 1).replace(/ /g, '');
      const pattern = leading ? `*${stem}*` : `${stem}*`;
      return { kql: `${field}: ${pattern}`, eql: guard(field, `${field} like ${quote(pattern)}`) };
    }),
  ),
  stringField.chain(({ field, values }) =>
    fc.subarray(values, { minLength: 1 }).map((vs) => ({
      kql: `${field}: (${vs.map(quote).join(' or ')})`,
      eql: guard(field, `${field} in (${vs.map(quote).join(', ')})`),
    })),
  ),
  fc.constantFrom('process.name', 'user.name', 'process.pid').map((f) => ({
    kql: `${f}: *`,
    eql: `${f} != null`,
  })),
  fc.tuple(fc.constantFrom('<', '<=', '>', '>='), fc.constantFrom(...PIDS)).map(([op, n]) => ({
    kql: `process.pid ${op} ${n}`,
    eql: guard('process.pid', `process.pid ${op} ${n}`),
  })),
  fc.constantFrom(...PIDS).map((n) => ({
    kql: `process.pid: ${n}`,
    eql: guard('process.pid', `process.pid == ${n}`),
  })),
);

const query: fc.Arbitrary<Pair> = fc.letrec<{ q: Pair }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => ({
      kql: `${operand(a)} and ${operand(b)}`,
      eql: `(${a.eql} and ${b.eql})`,
    })),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => ({
      kql: `${a.kql} or ${b.kql}`,
      eql: `(${a.eql} or ${b.eql})`,
      or: true,
    })),
    tie('q').map((a) => ({ kql: `not (${a.kql})`, eql: `not (${a.eql})` })),
  ),
})).q;

const event: fc.Arbitrary<Doc> = fc
  .record(
    {
      name: fc.constantFrom(...NAMES),
      types: fc.subarray(TYPES),
      user: fc.constantFrom('alice', 'bob', 'Alice'),
      pid: fc.constantFrom(...PIDS),
    },
    { requiredKeys: [] },
  )
  .map((r) => {
    const doc: Doc = { event: { category: 'process' } };
    const process: Record<string, unknown> = {};
    if (r.name !== undefined) process.name = r.name;
    if (r.pid !== undefined) process.pid = r.pid;
    if (Object.keys(process).length > 0) doc.process = process;
    if (r.types !== undefined) (doc.event as Record<string, unknown>).type = r.types;
    if (r.user !== undefined) doc['user.name'] = r.user;
    return doc;
  });

describe('KQL against its EQL equivalent', () => {
  it('select the same events', () => {
    fc.assert(
      fc.property(query, fc.array(event, { minLength: 1, maxLength: 20 }), (pair, events) => {
        const kql = compileKql(pair.kql).stages[0];
        const eql = compile(`any where ${pair.eql}`).stages[0];
        const picked = (test: (d: Doc) => boolean) =>
          events.filter(test).map((e) => events.indexOf(e));
        expect(picked(kql.test)).toEqual(picked(eql.test));
      }),
      { numRuns: 400 },
    );
  });

  it('does select something on these events (the property is not vacuous)', () => {
    const events = fc.sample(event, { numRuns: 50, seed: 7 });
    const some = fc.sample(query, { numRuns: 100, seed: 7 }).filter((p) => {
      const n = events.filter(compileKql(p.kql).stages[0].test).length;
      return n > 0 && n < events.length;
    });
    expect(some.length).toBeGreaterThan(30);
  });
});
