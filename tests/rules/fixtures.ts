// Reads the synthetic rule fixtures the way a caller would: (name, text) pairs.
import { readFileSync } from 'node:fs';

export const fixtureDir = new URL('../fixtures/rules/', import.meta.url);

export function fixture(name: string): { name: string; text: string } {
  return { name, text: readFileSync(new URL(name, fixtureDir), 'utf8') };
}
