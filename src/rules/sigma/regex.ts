// Sigma's `re` values (a PCRE subset, unanchored, case-sensitive unless the `i` flag) turned
// into what EQL's `regex` runs: a Lucene expression matched against the whole value.
// Each top-level alternative is anchored on its own: `.*` is added on a side unless the
// alternative starts with `^` / ends with `$`. Lucene's own operators (`"`, `#`, `@`, `&`,
// `<`, `>`, `~`) are literal in PCRE, so they are escaped. Constructs Lucene has no
// counterpart for (look-around, back-references, word boundaries, anchors mid-pattern) are
// refused with their position rather than approximated.
import { CannotRun } from './errors.ts';

export interface RegexFlags {
  /** `i`: case-insensitive. */
  insensitive: boolean;
  /** `m`: `^`/`$` also match at line breaks. */
  multiline: boolean;
  /** `s`: `.` also matches a line break. */
  dotAll: boolean;
}

export interface LuceneRegex {
  pattern: string;
  insensitive: boolean;
}

const NL = '\n';
const LUCENE_ONLY = new Set(['"', '#', '@', '&', '<', '>', '~']);
const SHORTHAND = new Set(['d', 'D', 's', 'S', 'w', 'W']);
const CONTROL: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  f: '\f',
  v: '\v',
  e: '\x1b',
  a: '\x07',
};

const refuse = (what: string, at: number, src: string): never => {
  throw new CannotRun(
    're',
    `${what} at position ${at + 1} of /${src}/ has no Lucene regex equivalent`,
  );
};

/** Escapes one literal character for Lucene (a backslash before any character is literal). */
const lit = (ch: string): string => (/[A-Za-z0-9 _,:;'=%!/-]/.test(ch) ? ch : `\\${ch}`);

export function translateRegex(source: string, flags: RegexFlags): LuceneRegex {
  let src = source;
  const f = { ...flags };
  // Leading inline flags, e.g. `(?i)`, are the only inline flags accepted.
  const inline = /^\(\?([imsx]+)\)/.exec(src);
  if (inline) {
    if (inline[1].includes('x')) refuse('extended mode (?x)', 0, source);
    if (inline[1].includes('i')) f.insensitive = true;
    if (inline[1].includes('m')) f.multiline = true;
    if (inline[1].includes('s')) f.dotAll = true;
    src = src.slice(inline[0].length);
  }
  const branches = splitTopLevel(src, 0, src.length)
    .flatMap((b) => ungroup(src, b))
    .map((b) => branch(src, b.start, b.end, f, source));
  const pattern = branches.length === 1 ? branches[0] : branches.map((b) => `(${b})`).join('|');
  return { pattern, insensitive: f.insensitive };
}

interface Span {
  start: number;
  end: number;
}

/**
 * An alternative that is one group as a whole, `(^a|b$)`, is its inner alternatives: the
 * same language, and each inner one can then carry its own anchors.
 */
function ungroup(src: string, b: Span): Span[] {
  const capturing = src[b.start] === '(' && src[b.start + 1] !== '?';
  const plain = src.startsWith('(?:', b.start);
  if (!(capturing || plain) || closeOf(src, b.start) !== b.end - 1) return [b];
  const inner = { start: b.start + (plain ? 3 : 1), end: b.end - 1 };
  return splitTopLevel(src, inner.start, inner.end).flatMap((x) => ungroup(src, x));
}

/** Index of the `)` closing the group opened at `open`. */
function closeOf(src: string, open: number): number {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(src, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** Top-level `|` positions in src[from, to), skipping escapes, classes and groups. */
function splitTopLevel(src: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(src, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push({ start, end: i });
      start = i + 1;
    }
  }
  out.push({ start, end: to });
  return out;
}

/** Index of the `]` closing the class opened at `open` (a leading `]` or `^]` is literal). */
function classEnd(src: string, open: number): number {
  let i = open + 1;
  if (src[i] === '^') i++;
  if (src[i] === ']') i++;
  for (; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === ']') return i;
  }
  return src.length;
}

function branch(src: string, start: number, end: number, f: RegexFlags, source: string): string {
  let from = start;
  let to = end;
  const anchoredStart = src[from] === '^';
  if (anchoredStart) from++;
  const anchoredEnd = to > from && src[to - 1] === '$' && !escaped(src, to - 1);
  if (anchoredEnd) to--;
  const body = translateBody(src, from, to, f, source);
  const head = anchoredStart ? (f.multiline ? `(.*${NL})?` : '') : '.*';
  const tail = anchoredEnd ? (f.multiline ? `(${NL}.*)?` : '') : '.*';
  return head + body + tail;
}

function escaped(src: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && src[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function translateBody(
  src: string,
  from: number,
  to: number,
  f: RegexFlags,
  source: string,
): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const c = src[i];
    if (c === '\\') {
      const r = escape(src, i, source, false);
      out += r.text;
      i = r.end;
    } else if (c === '[') {
      const close = classEnd(src, i);
      if (close >= to) refuse('an unclosed [', i, source);
      out += charClass(src, i, close, source);
      i = close;
    } else if (c === '(') {
      if (src[i + 1] === '?') {
        if (src[i + 2] === ':') i += 2;
        else if (src[i + 2] === 'P' && src[i + 3] === '<') i = src.indexOf('>', i);
        else if (src[i + 2] === '<' && /[A-Za-z]/.test(src[i + 3] ?? '')) i = src.indexOf('>', i);
        else refuse('a look-around or inline group (?…)', i, source);
      }
      out += '(';
    } else if (c === ')' || c === '|' || c === '*' || c === '+' || c === '?') out += c;
    else if (c === '{') {
      const m = /^\{\d+(,\d*)?\}/.exec(src.slice(i, to));
      if (m) {
        out += m[0];
        i += m[0].length - 1;
      } else out += '\\{';
    } else if (c === '.') out += f.dotAll ? '.' : `[^${NL}]`;
    else if (c === '^' || c === '$') refuse(`the anchor ${c} inside the pattern`, i, source);
    else out += LUCENE_ONLY.has(c) || c === '}' || c === ']' ? `\\${c}` : c;
  }
  return out;
}

/** One `\x` escape outside or inside a class: its Lucene text and the index of its last char. */
function escape(
  src: string,
  at: number,
  source: string,
  inClass: boolean,
): { text: string; end: number } {
  const n = src[at + 1];
  if (n === undefined) return refuse('a trailing backslash', at, source);
  if (SHORTHAND.has(n)) return { text: `\\${n}`, end: at + 1 };
  if (n in CONTROL) return { text: CONTROL[n], end: at + 1 };
  if (n === 'x') {
    const m = /^\{([0-9a-fA-F]{1,6})\}|^([0-9a-fA-F]{2})/.exec(src.slice(at + 2));
    if (!m) return refuse('a malformed \\x escape', at, source);
    const ch = String.fromCodePoint(parseInt(m[1] ?? m[2], 16));
    return { text: inClass ? classLit(ch) : lit(ch), end: at + 1 + m[0].length };
  }
  if (n === 'u') {
    const m = /^[0-9a-fA-F]{4}/.exec(src.slice(at + 2));
    if (!m) return refuse('a malformed \\u escape', at, source);
    const ch = String.fromCharCode(parseInt(m[0], 16));
    return { text: inClass ? classLit(ch) : lit(ch), end: at + 5 };
  }
  if (/[A-Za-z0-9]/.test(n)) return refuse(`the escape \\${n}`, at, source);
  return { text: `\\${n}`, end: at + 1 };
}

const classLit = (ch: string): string =>
  ch === ']' || ch === '\\' || ch === '-' || ch === '^' ? `\\${ch}` : ch;

function charClass(src: string, open: number, close: number, source: string): string {
  let out = '[';
  let i = open + 1;
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  for (let first = true; i < close; i++, first = false) {
    const c = src[i];
    if (c === '\\') {
      const r = escape(src, i, source, true);
      out += r.text;
      i = r.end;
    } else if (c === '[' && src[i + 1] === ':') refuse('a POSIX class [:…:]', i, source);
    else if (c === ']' && first) out += '\\]';
    else out += c;
  }
  return out + ']';
}
