// Turns query text into tokens, once, up front: the parser then only looks ahead by index.
// Mistakes carried over from Endgame EQL or other languages get a hint instead of a bare
// "unexpected character".
import { EqlError } from './errors.ts';
import { KEYWORDS, PUNCTUATION, type Token } from './tokens.ts';

const isIdentStart = (c: string) => /[A-Za-z_@]/.test(c);
const isIdentPart = (c: string) => /[A-Za-z0-9_@]/.test(c);
const isDigit = (c: string) => c >= '0' && c <= '9';

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  const fail = (message: string, at: number, length = 1): never => {
    throw new EqlError(message, source, at, length);
  };

  while (pos < source.length) {
    const c = source[pos];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') {
      pos++;
      continue;
    }
    if (source.startsWith('//', pos)) {
      const nl = source.indexOf('\n', pos);
      pos = nl < 0 ? source.length : nl + 1;
      continue;
    }
    if (source.startsWith('/*', pos)) {
      const close = source.indexOf('*/', pos + 2);
      if (close < 0) fail('unterminated comment: expected */', pos, 2);
      pos = close + 2;
      continue;
    }
    const start = pos;
    if (source.startsWith('"""', pos)) {
      const close = source.indexOf('"""', pos + 3);
      if (close < 0) fail('unterminated raw string: expected """ to close it', pos, 3);
      // A raw string may end in quotes: `""""a"""" ` is `"a"`; the last three close it.
      let end = close + 3;
      while (source[end] === '"') end++;
      tokens.push({ kind: 'string', value: source.slice(pos + 3, end - 3), start, end });
      pos = end;
      continue;
    }
    if (c === '"') {
      pos = lexString(source, pos, tokens, fail);
      continue;
    }
    if (c === "'") {
      const close = source.indexOf("'", pos + 1);
      fail(
        'use double quotes "…" for strings, not single quotes \'…\'',
        pos,
        close > 0 ? close - pos + 1 : 1,
      );
    }
    if (c === '?' && (source[pos + 1] === '"' || source[pos + 1] === "'")) {
      fail('use triple double quotes """…""" for raw strings, not ?"…"', pos, 2);
    }
    if (c === '`') {
      const parts: string[] = [];
      let i = pos + 1;
      for (;;) {
        const close = source.indexOf('`', i);
        if (close < 0) fail('unterminated quoted name: expected ` to close it', pos);
        parts.push(source.slice(i, close));
        i = close;
        if (source[i + 1] !== '`') break;
        parts.push('`');
        i += 2;
      }
      const value = flat(parts);
      if (value === '') fail('empty quoted name ``', pos, 2);
      tokens.push({ kind: 'quoted', value, start, end: i + 1 });
      pos = i + 1;
      continue;
    }
    const prev = tokens[tokens.length - 1];
    const afterName = prev && (prev.kind === 'ident' || prev.kind === 'quoted');
    if (isDigit(c) || (c === '.' && isDigit(source[pos + 1] ?? '') && !afterName)) {
      pos = lexNumber(source, pos, tokens);
      continue;
    }
    if (isIdentStart(c)) {
      let i = pos + 1;
      while (i < source.length && isIdentPart(source[i])) i++;
      if (source[i] === '~') i++;
      const word = source.slice(pos, i);
      tokens.push({ kind: KEYWORDS.has(word) ? 'keyword' : 'ident', value: word, start, end: i });
      pos = i;
      continue;
    }
    const punct = PUNCTUATION.find((p) => source.startsWith(p, pos));
    if (punct) {
      tokens.push({ kind: 'punct', value: punct, start, end: pos + punct.length });
      pos += punct.length;
      continue;
    }
    if (source.startsWith('&&', pos)) fail('use and instead of &&', pos, 2);
    if (source.startsWith('||', pos)) fail('use or instead of ||', pos, 2);
    if (c === '!') fail('use not instead of !', pos);
    const code = source.codePointAt(pos) ?? 0;
    fail(`unexpected character ${JSON.stringify(String.fromCodePoint(code))}`, pos);
  }
  tokens.push({ kind: 'eof', value: '', start: source.length, end: source.length });
  return tokens;
}

function lexString(
  source: string,
  pos: number,
  tokens: Token[],
  fail: (m: string, at: number, len?: number) => never,
): number {
  const start = pos;
  const parts: string[] = [];
  let i = pos + 1;
  // Where the run of plain characters not yet in `parts` starts.
  let run = i;
  for (;;) {
    if (i >= source.length || source[i] === '\n' || source[i] === '\r')
      fail(
        'unterminated string: expected " to close it (use """…""" for text spanning lines)',
        start,
      );
    const ch = source[i];
    if (ch === '"') break;
    if (ch !== '\\') {
      i++;
      continue;
    }
    parts.push(source.slice(run, i));
    const next = source[i + 1] ?? '';
    if (next in SIMPLE_ESCAPES) {
      parts.push(SIMPLE_ESCAPES[next]);
      i += 2;
      run = i;
      continue;
    }
    if (next === 'u' && source[i + 2] === '{') {
      const close = source.indexOf('}', i + 3);
      const hex = close > 0 ? source.slice(i + 3, close) : '';
      const cp = /^[0-9a-fA-F]{1,8}$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (!(cp <= 0x10ffff))
        fail('invalid unicode escape: write \\u{XXXX} with 1 to 8 hex digits', i, 2);
      parts.push(String.fromCodePoint(cp));
      i = close + 1;
      run = i;
      continue;
    }
    fail(
      `invalid escape \\${next} in string: write \\\\ for a backslash, or use a raw string """…"""`,
      i,
      2,
    );
  }
  parts.push(source.slice(run, i));
  tokens.push({ kind: 'string', value: flat(parts), start, end: i + 1 });
  return i + 1;
}

/**
 * The parts as one string. Built a character at a time, a literal was a chain of V8 cons
 * strings: ~4.5 of the 14 MiB that the trees of Elastic's 954 EQL rules held (9.7 now). A
 * slice of the query text, or a join, is one piece.
 */
function flat(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0] : parts.join('');
}

function lexNumber(source: string, pos: number, tokens: Token[]): number {
  const m = /^(\d*)(\.\d*)?([eE][+-]?\d+)?/.exec(source.slice(pos, pos + 400));
  const text = m ? m[0] : source[pos];
  const decimal = !!(m && (m[2] !== undefined || m[3] !== undefined));
  tokens.push({
    kind: decimal ? 'decimal' : 'integer',
    value: text,
    start: pos,
    end: pos + text.length,
  });
  return pos + text.length;
}
