// ATT&CK links are built from a constant prefix and an id that must look like an ATT&CK id;
// the rule's own "reference" URL is never used as an href (an imported rule is untrusted).

const TACTIC = /^TA\d{4}$/;
const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/;

export function tacticUrl(id: string): string | null {
  return TACTIC.test(id) ? `https://attack.mitre.org/tactics/${id}/` : null;
}

export function techniqueUrl(id: string): string | null {
  if (!TECHNIQUE.test(id)) return null;
  return `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
}
