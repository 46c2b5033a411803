// Rules as detection-rules TOML: one document per rule, `[metadata]` then `[rule]`, the query
// written as a multi-line literal string so it reads as it was typed.
import { stringify } from 'smol-toml';
import type { Rule } from '../model.ts';
import { elasticFields } from './fields.ts';

export function ruleToToml(rule: Rule): string {
  const fields = elasticFields(rule);
  const query = fields.query as string | undefined;
  const literal = query !== undefined && canBeLiteral(query);
  if (literal) delete fields.query;
  // detection-rules files always open with [metadata]; an empty table keeps that shape for
  // rules that never had any (and reads back as no metadata).
  const doc: Record<string, unknown> = { metadata: rule.metadata ?? {}, rule: fields };
  let text = stringify(doc).replace(/^\[metadata\]\n\[rule\]/m, '[metadata]\n\n[rule]');
  if (literal) text = insertIntoRuleTable(text, `query = '''\n${query}'''`);
  return text.endsWith('\n') ? text : text + '\n';
}

/** File name for a rule in an export: readable, unique by id. */
export function tomlFileName(rule: Rule): string {
  const slug = rule.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return `${slug || 'rule'}_${rule.id.replace(/[^A-Za-z0-9-]/g, '').slice(0, 8)}.toml`;
}

export function rulesToToml(rules: Rule[]): { name: string; text: string }[] {
  return rules.map((rule) => ({ name: tomlFileName(rule), text: ruleToToml(rule) }));
}

// A multi-line literal cannot hold `'''`, control characters, or end in a quote (it would
// merge with the closing delimiter); such queries keep smol-toml's escaped form.
function canBeLiteral(query: string): boolean {
  return (
    !query.includes("'''") &&
    !query.endsWith("'") &&
    // eslint-disable-next-line no-control-regex
    !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(query)
  );
}

/** Puts a line at the end of the `[rule]` table's own keys, before its sub-tables. */
function insertIntoRuleTable(text: string, line: string): string {
  const lines = text.split('\n');
  const header = lines.findIndex((l) => l.trim() === '[rule]');
  let at = lines.length;
  for (let i = header + 1; i < lines.length; i++) {
    if (lines[i].startsWith('[')) {
      at = i;
      break;
    }
  }
  while (at > header + 1 && lines[at - 1].trim() === '') at--;
  lines.splice(at, 0, line);
  return lines.join('\n');
}
