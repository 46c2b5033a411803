// What an import does to the stored rule set: new rules are added, a newer `version` of an
// imported rule updates it (keeping whether it was switched on), the same version is left
// as it is, and a rule whose rule_id is a built-in's is kept beside the built-in under its
// own id — the built-in stays unless the person replaces it.
import type { Rule } from '../model.ts';

export interface ImportMerge {
  /** Everything to write to the store. */
  store: Rule[];
  added: Rule[];
  updated: Rule[];
  unchanged: Rule[];
  /** Imported rules that share a rule_id with a built-in: stored as `stored.id`. */
  collisions: { builtin: Rule; stored: Rule }[];
}

/** The id an imported rule gets when a built-in already has its rule_id. */
export function collisionId(ruleId: string): string {
  return `${ruleId}:imported`;
}

export function mergeImport(incoming: readonly Rule[], existing: readonly Rule[]): ImportMerge {
  const byId = new Map(existing.map((r) => [r.id, r]));
  const out: ImportMerge = { store: [], added: [], updated: [], unchanged: [], collisions: [] };
  for (const rule of incoming) {
    const known = byId.get(rule.id);
    if (known && known.origin !== 'imported') {
      const stored: Rule = { ...rule, id: collisionId(rule.id) };
      out.collisions.push({ builtin: known, stored });
      const copy = byId.get(stored.id);
      if (copy && (copy.version ?? 0) >= (rule.version ?? 0)) out.unchanged.push(copy);
      else out.store.push(copy ? { ...stored, enabled: copy.enabled } : stored);
      continue;
    }
    if (!known) {
      out.added.push(rule);
      out.store.push(rule);
    } else if (
      (rule.version ?? 0) > (known.version ?? 0) ||
      // Without versions, a changed query is the only sign of a newer rule.
      (rule.version === undefined && rule.query !== known.query)
    ) {
      const next = { ...rule, enabled: known.enabled };
      out.updated.push(next);
      out.store.push(next);
    } else out.unchanged.push(known);
  }
  return out;
}
