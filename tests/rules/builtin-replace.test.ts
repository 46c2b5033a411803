// Replacing a built-in rule by the imported copy of its rule_id, and undoing it.
import { describe, expect, it } from 'vitest';
import {
  builtinIdOf,
  builtinRules,
  collisionId,
  mergeImport,
  replaceBuiltins,
  type Rule,
} from '../../src/rules/index.ts';

const [builtin] = builtinRules();
const imported: Rule = { ...builtin, name: 'Imported copy', origin: 'imported', version: 99 };

describe('replacing a built-in', () => {
  const merge = mergeImport([imported], [builtin]);
  const copy = merge.store[0];
  const rules = [builtin, copy];

  it('finds the built-in of a copy by its id only', () => {
    expect(copy.id).toBe(collisionId(builtin.id));
    expect(builtinIdOf(copy.id)).toBe(builtin.id);
    expect(builtinIdOf(builtin.id)).toBeNull();
  });

  it('switches the built-in off and marks it; restoring switches it back on', () => {
    const replaced = replaceBuiltins(rules, [copy.id], true);
    expect(replaced).toEqual([{ ...builtin, enabled: false, replacedBy: copy.id }]);
    const restored = replaceBuiltins([replaced[0], copy], [copy.id], false);
    expect(restored).toEqual([{ ...builtin, enabled: true }]);
    expect('replacedBy' in restored[0]).toBe(false);
  });

  it('switches a copy that was off on, and leaves rules without a built-in alone', () => {
    const off = { ...copy, enabled: false };
    expect(replaceBuiltins([builtin, off], [copy.id], true).map((r) => r.enabled)).toEqual([
      false,
      true,
    ]);
    expect(replaceBuiltins(rules, ['some-rule:imported', builtin.id], true)).toEqual([]);
    expect(replaceBuiltins(rules, [copy.id], false)).toEqual([]);
  });
});
