// How a case reads JSON text. JSON numbers are doubles in JavaScript, so an integer beyond
// 2^53 (winlog.keywords 0x8020000000000000, a 64-bit handle or LUID) would silently change
// value. Such integers are kept exactly as written, as text; every other value parses as
// JSON.parse gives it. Texts without a number of 16 digits (nearly all) take JSON.parse alone.

// A number stands at the start or after `:`, `,` or `[` (and JSON's blanks), never right after
// a quote: so the hex and decimal digits inside strings (`"0x8000000000000000"`, Winlogbeat's
// `"keywords":"-9223372036854776000"`) no longer send a text through the scan below.
const LONG_NUMBER = /(?:^|[:,[])\s*-?\d{16}/;

export function parseJsonExact(text: string): unknown {
  return JSON.parse(LONG_NUMBER.test(text) ? quoteUnsafeIntegers(text) : text);
}

const LIMIT = 2n ** 53n;

/** Within ±2^53 an integer literal reads as exactly its value; beyond, it is kept as text. */
function exact(literal: string): boolean {
  const n = BigInt(literal);
  return n <= LIMIT && n >= -LIMIT;
}

function digits(text: string, from: number): number {
  let j = from;
  while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
  return j;
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

/** The text with every integer literal beyond ±2^53 outside a string quoted. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = stringEnd(text, i + 1) + 1;
      continue;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      let j = digits(text, c === 0x2d ? i + 1 : i);
      let integer = true;
      // A fraction or an exponent belongs to the same number: never read its digits alone.
      if (text.charCodeAt(j) === 0x2e) {
        integer = false;
        j = digits(text, j + 1);
      }
      const e = text.charCodeAt(j);
      if (e === 0x65 || e === 0x45) {
        integer = false;
        const sign = text.charCodeAt(j + 1);
        j = digits(text, sign === 0x2b || sign === 0x2d ? j + 2 : j + 1);
      }
      const literal = text.slice(start, j);
      if (integer && literal.length >= 16 && !exact(literal)) {
        out += `${text.slice(last, start)}"${literal}"`;
        last = j;
      }
      i = Math.max(j, start + 1);
      continue;
    }
    i++;
  }
  return last === 0 ? text : out + text.slice(last);
}
