// How a case reads JSON text. JSON numbers are doubles in JavaScript, so an integer beyond
// 2^53 (winlog.keywords 0x8020000000000000, a 64-bit handle or LUID) would silently change
// value. Such integers are kept exactly as written, as text; every other value parses as
// JSON.parse gives it. Texts without a run of 16 digits (nearly all) take JSON.parse alone.

// OTRF records all hold one (`"Keywords":-9223372036854775808`), so they are quoted and copied
// before JSON.parse. Parsing them as they are and setting the top-level key after was tried
// and measured slower: proving the digits are the top-level key's value (the key appears once
// in the text, no \u escape may spell it) scans the whole text, which cost more than quoting
// up to the digits and the copy (Covenant, 811 lines: 5.5 ms against 4.7 ms, load ~8). Tried
// again with native searches (`indexOf` of `"Keywords"` and of `\u`): each whole-text search
// cost ~0.3x JSON.parse, parseJsonExact 1.95x against 1.6x JSON.parse on Covenant.
//
// Where the digits follow `{"K":` or `,"K":` (OTRF's Keywords always do, often after dozens
// of strings), they are taken to be outside any string without jumping over the strings
// before them (`keyBefore`). Exactness never rests on that: a quote put after that `:` inside a
// string (no backslash before it) closes the string, and digits right after a string are no
// JSON, so such a text fails to parse and is read again the careful way (errors as before).
// Covenant parseJsonExact 1.61x -> 1.45x JSON.parse, Empire (Keywords first) unchanged.
export function parseJsonExact(text: string): unknown {
  const quoted = quoteUnsafeIntegers(text, true);
  if (quoted === text) return JSON.parse(text);
  try {
    return JSON.parse(quoted);
  } catch {
    return JSON.parse(quoteUnsafeIntegers(text));
  }
}

const LIMIT = 2n ** 53n;

/** Within ±2^53 an integer literal reads as exactly its value; beyond, it is kept as text. */
function exact(literal: string): boolean {
  const digits = literal.charCodeAt(0) === 0x2d ? literal.length - 1 : literal.length;
  // Without a leading zero (JSON has none), 16 digits compare with 2^53 as text, more are beyond.
  if (literal.charCodeAt(literal.length - digits) !== 0x30) {
    if (digits > 16) return false;
    if (digits === 16) return literal.slice(literal.length - 16) <= '9007199254740992';
  }
  const n = BigInt(literal);
  return n <= LIMIT && n >= -LIMIT;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * The start of the first run of 16 or more digits at or after `from` (-1 when none), where
 * `from` is not inside a run. Unsafe integers have at least 16 digits, and any such run holds
 * exactly one of every 16th character: looking only at those reads a text without one (nearly
 * all) about three times faster than a regex search, which tries every character.
 */
function longDigits(text: string, from: number): number {
  const n = text.length;
  for (let i = from + 15; i < n;) {
    if (!isDigit(text.charCodeAt(i))) {
      i += 16;
      continue;
    }
    let a = i;
    while (a > from && isDigit(text.charCodeAt(a - 1))) a--;
    let b = i + 1;
    while (b < n && isDigit(text.charCodeAt(b))) b++;
    if (b - a >= 16) return a;
    // text[b] is no digit: the next run starts after it.
    i = b + 16;
  }
  return -1;
}

/**
 * The index of the quote closing the string whose text starts at `from` (the text's length
 * when it is not closed). The native search jumps over the string's text; a quote after an
 * odd run of backslashes is escaped, and the search goes on after it.
 */
function stringEnd(text: string, from: number): number {
  for (let q = text.indexOf('"', from); q >= 0; q = text.indexOf('"', q + 1)) {
    let b = q;
    while (b > from && text.charCodeAt(b - 1) === 0x5c) b--;
    if ((q - b) % 2 === 0) return q;
  }
  return text.length;
}

/**
 * The text with every integer literal beyond ±2^53 outside a string quoted. Only the runs of
 * 16 or more digits are looked at: one is an integer literal when no fraction or exponent
 * belongs to it, and outside a string when the strings before it (jumped over from quote to
 * closing quote, each once per text) end before it.
 */
export function quoteUnsafeIntegers(text: string, trustKeys = false): string {
  let out = '';
  let last = 0;
  // Every quote before `outside` has been paired: `outside` is not inside a string.
  let outside = 0;
  let run = longDigits(text, 0);
  while (run >= 0) {
    let start = run;
    let end = run + 16;
    while (isDigit(text.charCodeAt(end))) end++;
    const after = text.charCodeAt(end);
    let before = text.charCodeAt(start - 1);
    if (before === 0x2d) {
      start--;
      before = text.charCodeAt(start - 1);
    }
    // An integer: no fraction or exponent after it, and not itself the digits of a fraction
    // (`0.…`) or an exponent (`1e…`, `1e+…`, `1e-…`).
    const integer =
      after !== 0x2e &&
      after !== 0x65 &&
      after !== 0x45 &&
      before !== 0x2e &&
      before !== 0x2b &&
      before !== 0x65 &&
      before !== 0x45;
    const literal = integer ? text.slice(start, end) : '';
    if (integer && !exact(literal)) {
      // Jump over the strings that open before the literal: one may enclose it.
      let enclosed = false;
      if (trustKeys && keyBefore(text, start)) outside = end;
      for (let q = text.indexOf('"', outside); q >= 0 && q < start;) {
        const close = stringEnd(text, q + 1);
        outside = close + 1;
        if (close > start) {
          enclosed = true;
          break;
        }
        q = text.indexOf('"', outside);
      }
      if (enclosed) {
        // Go on after the enclosing string.
        run = outside < text.length ? longDigits(text, outside) : -1;
        continue;
      }
      out += `${text.slice(last, start)}"${literal}"`;
      last = end;
    }
    run = longDigits(text, end);
  }
  return last === 0 ? text : out + text.slice(last);
}

// Characters of a key as NXLog and Winlogbeat write them.
const isKeyChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x30 && c <= 0x39) ||
  c === 0x5f ||
  c === 0x2e ||
  c === 0x40 ||
  c === 0x2d;

/**
 * Whether the literal at `start` follows `{"K":` or `,"K":`, K a non-empty run of plain key
 * characters: in valid JSON the quote opening K (after `{` or `,`, so unescaped) cannot be
 * inside a string, it would close it and K would stand after a string, which JSON forbids.
 */
function keyBefore(text: string, start: number): boolean {
  if (text.charCodeAt(start - 1) !== 0x3a || text.charCodeAt(start - 2) !== 0x22) return false;
  let open = start - 3;
  while (open > 0 && isKeyChar(text.charCodeAt(open))) open--;
  if (open === start - 3 || text.charCodeAt(open) !== 0x22) return false;
  const c = text.charCodeAt(open - 1);
  return c === 0x7b || c === 0x2c;
}
