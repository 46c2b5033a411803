// Each chunk's templates are read anew (names and offsets are the chunk's own), so what they
// are made of is shared where it can be: substitutions are the same objects for the same
// slot, and an element or attribute name's text pieces are made once per name.
import type { Attribute, Substitution } from './binxml.ts';

export const NO_ATTRIBUTES: Attribute[] = [];
const subs: Substitution[] = [];

export function substitution(index: number, optional: boolean): Substitution {
  const k = index * 2 + (optional ? 1 : 0);
  return (subs[k] ??= { kind: 'sub', index, optional });
}

export const OPEN = 0;
export const CLOSE = 1;
export const LEAD = 2;
const TAGS = [new Map<string, string>(), new Map<string, string>(), new Map<string, string>()];
// Names kept per piece: real logs use a few hundred; a hostile file's are made each time.
const MAX_TAGS = 4096;

export function tagText(piece: number, name: string): string {
  const known = TAGS[piece].get(name);
  if (known !== undefined) return known;
  const t = piece === OPEN ? '<' + name : piece === CLOSE ? '</' + name + '>' : ' ' + name + '="';
  if (TAGS[piece].size < MAX_TAGS) TAGS[piece].set(name, t);
  return t;
}
