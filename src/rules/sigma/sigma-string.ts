// A Sigma string value: literal text with `*` and `?` wildcards, after the specification's
// escape rules (`\*`, `\?` literal wildcards; `\\` a backslash; a lone `\` is itself).

export const STAR = 0;
export const ONE = 1;
export type Part = string | typeof STAR | typeof ONE;

/** Parts of a Sigma string, adjacent literal text merged. */
export type SigmaString = Part[];

export function parseSigmaString(raw: string): SigmaString {
  const out: SigmaString = [];
  let lit = '';
  const flush = (): void => {
    if (lit) out.push(lit);
    lit = '';
  };
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const next = raw[i + 1];
      if (next === '*' || next === '?' || next === '\\') {
        lit += next;
        i++;
      } else lit += c;
    } else if (c === '*' || c === '?') {
      flush();
      out.push(c === '*' ? STAR : ONE);
    } else lit += c;
  }
  flush();
  return out;
}

/** A value made of plain text only (after an encoding modifier, for instance). */
export const literal = (text: string): SigmaString => (text ? [text] : []);

export function hasWildcards(s: SigmaString): boolean {
  return s.some((p) => typeof p !== 'string');
}

/** The plain text of a wildcard-free value. */
export function plainText(s: SigmaString): string {
  return s.filter((p): p is string => typeof p === 'string').join('');
}

/** The same value with a leading and/or trailing `*` (contains, startswith, endswith). */
export function wrapStars(s: SigmaString, before: boolean, after: boolean): SigmaString {
  const out = s.slice();
  if (before && out[0] !== STAR) out.unshift(STAR);
  if (after && out[out.length - 1] !== STAR) out.push(STAR);
  return out;
}

/** Whether any literal part holds a character EQL wildcard patterns would read as one. */
export function hasLiteralWildcardChars(s: SigmaString): boolean {
  return s.some((p) => typeof p === 'string' && /[*?]/.test(p));
}

/** An EQL `:`/`like` pattern; only valid when no literal part holds `*` or `?`. */
export function toWildcardPattern(s: SigmaString): string {
  return s.map((p) => (p === STAR ? '*' : p === ONE ? '?' : p)).join('');
}

const LUCENE_SPECIAL = /[.?+*|{}[\]()"\\#@&<>~^$]/g;

/** A Lucene regular expression (anchored) matching exactly the Sigma value. */
export function toLuceneRegex(s: SigmaString): string {
  return s
    .map((p) => (p === STAR ? '.*' : p === ONE ? '.' : p.replace(LUCENE_SPECIAL, '\\$&')))
    .join('');
}
