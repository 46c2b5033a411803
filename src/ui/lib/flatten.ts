// An event as a list of dotted field paths, the way Kibana's document view lists ECS fields,
// so each value can be highlighted or turned into an exception on its own.
import type { ExplanationNode, JsonDoc } from '../../worker/app-api';

export interface FieldEntry {
  path: string;
  value: unknown;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function flattenDoc(doc: JsonDoc | null | undefined, limit = 5000): FieldEntry[] {
  const out: FieldEntry[] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (out.length >= limit) return;
    if (isPlainObject(value) && depth < 12) {
      const keys = Object.keys(value).sort();
      if (keys.length === 0 && path) out.push({ path, value });
      for (const k of keys) walk(value[k], path ? `${path}.${k}` : k, depth + 1);
    } else if (Array.isArray(value) && value.some((v) => isPlainObject(v)) && depth < 12) {
      value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1));
    } else {
      out.push({ path, value });
    }
  };
  walk(doc ?? {}, '', 0);
  return out;
}

/** The field paths an explanation read in parts that held: what made the event match. */
export function satisfiedFields(node: ExplanationNode | null | undefined): Set<string> {
  const out = new Set<string>();
  const walk = (n: ExplanationNode) => {
    if (n.result === true) for (const f of n.fields) out.add(f.path);
    for (const c of n.children) walk(c);
  };
  if (node) walk(node);
  return out;
}

/** A value as the string an exception compares against ("don't alert when F is V"). */
export function exceptionValue(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * Left-nested chains of one operator ("a and b and c" parsed as ((a and b) and c)) as one
 * node with all operands as children, so the tree reads as a list of conditions.
 */
export function flattenChains(node: ExplanationNode): ExplanationNode {
  const children: ExplanationNode[] = [];
  const pending = [...node.children];
  while (pending.length) {
    const child = pending.shift()!;
    const nested =
      child.children.length > 0 &&
      node.text.startsWith(child.text) &&
      child.text.length < node.text.length &&
      child.result === node.result;
    if (nested) pending.unshift(...child.children);
    else children.push(flattenChains(child));
  }
  return { ...node, children };
}
