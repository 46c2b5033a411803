// Reads the synthetic rule fixtures the way a caller would: (name, text) pairs.
import { readFileSync } from 'node:fs';
import type { Rule } from '../../src/rules/index.ts';

export const fixtureDir = new URL('../fixtures/rules/', import.meta.url);

export function fixture(name: string): { name: string; text: string } {
  return { name, text: readFileSync(new URL(name, fixtureDir), 'utf8') };
}

/** A synthetic imported KQL rule (id "r", `event.code:1`), with the given fields changed. */
export function syntheticRule(changes: Partial<Rule> = {}): Rule {
  return {
    id: 'r',
    name: 'R',
    description: '',
    type: 'query',
    language: 'kuery',
    query: 'event.code:1',
    severity: 'low',
    risk_score: 21,
    tags: [],
    threat: [],
    false_positives: [],
    references: [],
    author: [],
    origin: 'imported',
    enabled: true,
    ...changes,
  };
}
