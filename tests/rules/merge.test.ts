// Importing into a stored rule set: added, updated (newer version, switch kept), unchanged,
// and a built-in's rule_id kept beside the built-in (synthetic rules).
import { describe, expect, it } from 'vitest';
import { builtinRules, collisionId, mergeImport, type Rule } from '../../src/rules/index.ts';
import { syntheticRule } from './fixtures.ts';

const rule = (id: string, version: number, extra: Partial<Rule> = {}): Rule =>
  syntheticRule({ id, name: `Rule ${id}`, query: 'a:1', version, ...extra });

describe('merging an import into the stored rules', () => {
  it('adds new rules, updates newer versions keeping the switch, leaves the same version', () => {
    const stored = [rule('a', 1, { enabled: false }), rule('b', 2)];
    const m = mergeImport([rule('a', 2), rule('b', 2), rule('c', 1)], stored);
    expect(m.added.map((r) => r.id)).toEqual(['c']);
    expect(m.updated.map((r) => [r.id, r.version, r.enabled])).toEqual([['a', 2, false]]);
    expect(m.unchanged.map((r) => r.id)).toEqual(['b']);
    expect(m.store.map((r) => r.id)).toEqual(['a', 'c']);
  });

  it('keeps a rule with a built-in rule_id beside the built-in, once', () => {
    const builtin = builtinRules()[0];
    const incoming = rule(builtin.id, 5);
    const first = mergeImport([incoming], builtinRules());
    expect(first.collisions.map((c) => [c.builtin.id, c.stored.id])).toEqual([
      [builtin.id, collisionId(builtin.id)],
    ]);
    expect(first.store.map((r) => r.id)).toEqual([collisionId(builtin.id)]);
    const again = mergeImport([incoming], [...builtinRules(), ...first.store]);
    expect(again.store).toEqual([]);
    expect(again.unchanged.map((r) => r.id)).toEqual([collisionId(builtin.id)]);
    expect(again.collisions).toHaveLength(1);
  });
});
