// printString escapes with a regular expression; the reference below is the code point loop
// it replaced. Both must print every string alike: control characters, DEL, quotes,
// backslashes, astral characters and lone surrogates included.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { printString } from '../../src/eql/print.ts';

function reference(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u{${code.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

const tricky = fc.constantFrom(
  '"',
  '\\',
  '\n',
  '\r',
  '\t',
  '\0',
  '\x1f',
  '\x7f',
  '\x80',
  'é',
  '😀',
  '\ud800',
  'a',
  '*',
);

describe('printString', () => {
  it('prints as the code point loop did', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.array(tricky, { maxLength: 12 }).map((a) => a.join('')),
        ),
        (s) => {
          expect(printString(s)).toBe(reference(s));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('escapes a Windows path and control characters', () => {
    expect(printString('C:\\Windows\\"x"\n\x01\x7f')).toBe(
      '"C:\\\\Windows\\\\\\"x\\"\\n\\u{1}\\u{7f}"',
    );
  });
});
