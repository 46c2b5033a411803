// Replacing a built-in rule by an imported one of the same rule_id, and undoing it. An import
// keeps both (the copy as `<rule_id>:imported`, see import/merge.ts); replacing switches the
// built-in off and marks it, so the copy is the one that runs; restoring switches it back on.
import { collisionId } from './import/merge.ts';
import type { Rule } from './model.ts';

/** The built-in rule id an imported copy stands beside, or null for any other rule id. */
export function builtinIdOf(copyId: string): string | null {
  const suffix = collisionId('');
  return copyId.endsWith(suffix) ? copyId.slice(0, -suffix.length) : null;
}

/**
 * The rules to store so that each copy in `copyIds` replaces its built-in (`replace`), or so
 * that the built-ins those copies replaced run again. Copies without a built-in beside them
 * are left alone; the copies themselves stay as the import left them when restoring.
 */
export function replaceBuiltins(
  rules: readonly Rule[],
  copyIds: readonly string[],
  replace: boolean,
): Rule[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const changed: Rule[] = [];
  for (const copyId of copyIds) {
    const builtinId = builtinIdOf(copyId);
    const builtin = builtinId === null ? undefined : byId.get(builtinId);
    const copy = byId.get(copyId);
    if (!builtin || !copy || builtin.origin === 'imported') continue;
    if (replace) {
      changed.push({ ...builtin, enabled: false, replacedBy: copyId });
      if (!copy.enabled) changed.push({ ...copy, enabled: true });
    } else if (builtin.replacedBy !== undefined) {
      const { replacedBy: _replaced, ...rest } = builtin;
      changed.push({ ...rest, enabled: true });
    }
  }
  return changed;
}
