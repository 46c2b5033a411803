// Log strings may be written by an attacker: control, zero-width and bidirectional characters
// can hide or reorder what a responder reads (a U+202E turns "exe.txt" into "txt.exe").
// Splitting them out lets the renderer show each one as a visible, labelled marker instead.

export interface TextPart {
  text: string;
  /** Set for a character shown as a marker: its code point label, e.g. "U+202E". */
  code?: string;
  /** A short human name for the marker's tooltip. */
  name?: string;
}

const NAMES: Record<number, string> = {
  0x00: 'NULL',
  0x09: 'TAB',
  0x0a: 'LINE FEED',
  0x0d: 'CARRIAGE RETURN',
  0x1b: 'ESCAPE',
  0x7f: 'DELETE',
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

// C0 and C1 controls, DEL, bidi embeddings/overrides/isolates/marks, zero-width characters,
// line/paragraph separators, and unpaired surrogates.
/* eslint-disable no-control-regex -- matching control characters is the point */
const SPECIAL =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

export function codeLabel(code: number): string {
  return 'U+' + code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Splits `text` into plain runs and one part per special character. Line breaks (LF, CR LF)
 * and tabs are ordinary layout, not hidden content: they stay text, shown as lines where the
 * caller asks for `multiline` and folded to a space elsewhere. A lone CR, like every other
 * invisible or direction-changing character, becomes a marker.
 */
export function splitSpecial(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(SPECIAL)) {
    const ch = match[0];
    const at = match.index;
    if (isLayout(text, ch, at)) continue;
    if (at > last) parts.push({ text: text.slice(last, at) });
    const code = ch.codePointAt(0) ?? 0;
    parts.push({ text: ch, code: codeLabel(code), name: NAMES[code] ?? 'control character' });
    last = at + ch.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

function isLayout(text: string, ch: string, at: number): boolean {
  return ch === '\n' || ch === '\t' || (ch === '\r' && text[at + 1] === '\n');
}

/** Any value as display text: strings as they are, everything else as JSON. */
export function displayString(value: unknown, pretty = false): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  if (typeof value === 'bigint') return value.toString();
  try {
    return JSON.stringify(value, null, pretty ? 2 : undefined) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Cuts at `limit` UTF-16 units without splitting a surrogate pair. */
export function truncate(text: string, limit: number): { shown: string; hidden: number } {
  if (text.length <= limit) return { shown: text, hidden: 0 };
  let cut = limit;
  const before = text.charCodeAt(cut - 1);
  if (before >= 0xd800 && before <= 0xdbff) cut -= 1;
  return { shown: text.slice(0, cut), hidden: text.length - cut };
}

/** Plain-text form with markers inline, for places that cannot hold markup (<option>, title). */
export function markSpecial(text: string, limit = 300): string {
  const { shown, hidden } = truncate(text, limit);
  const marked = splitSpecial(shown)
    .map((p) => (p.code ? `⟪${p.code}⟫` : p.text))
    .join('');
  return hidden > 0 ? `${marked}…` : marked;
}

/**
 * Plain runs cut into short pieces, each followed by a line-break opportunity (<wbr>). A long
 * unbroken run (base64, a padded command line) otherwise costs the browser time quadratic in
 * its length to wrap: 10,000 characters take a second, 100,000 half a minute.
 */
export function withBreaks(parts: TextPart[], piece = 100): (TextPart & { wbr?: boolean })[] {
  const out: (TextPart & { wbr?: boolean })[] = [];
  for (const part of parts) {
    if (part.code || part.text.length <= piece) {
      out.push(part);
      continue;
    }
    for (let i = 0; i < part.text.length; i += piece) {
      let end = Math.min(part.text.length, i + piece);
      const last = part.text.charCodeAt(end - 1);
      if (end < part.text.length && last >= 0xd800 && last <= 0xdbff) end += 1;
      out.push({ text: part.text.slice(i, end), wbr: end < part.text.length });
      i = end - piece;
    }
  }
  return out;
}
