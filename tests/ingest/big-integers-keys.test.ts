// parseJsonExact takes digits right after `{"K":` or `,"K":` to be outside any string without
// jumping over the strings before them, and reads a text again the careful way when that
// guess made it unparseable. Whatever the text (valid or not, digits in strings, escaped
// quotes, keys spelled inside strings), the result or the error must be the careful reading's.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJsonExact, quoteUnsafeIntegers } from '../../src/case/json-text.ts';
import { haveShared, shared } from './helpers.ts';

/** The careful reading: every string jumped over from the first quote. */
function careful(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(quoteUnsafeIntegers(text)) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

function outcome(text: string): { value: unknown } | { error: string } {
  try {
    return { value: parseJsonExact(text) };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

const KEYWORDS = '-9223372036854775808';

describe('parseJsonExact after a key', () => {
  test('a key spelled inside a string leaves its digits as text of that string', () => {
    const texts = [
      String.raw`{"Message":"a,\"Keywords\":${KEYWORDS}","Keywords":${KEYWORDS}}`,
      String.raw`{"Message":"{\"Keywords\":${KEYWORDS}}"}`,
      String.raw`{"Message":"x\\","Keywords":${KEYWORDS}}`,
      String.raw`{"Message":"x\\\",\"Keywords\":${KEYWORDS}"}`,
      `{"a":{"Keywords":${KEYWORDS}},"b":[1,{"c":-${KEYWORDS.slice(1)}}]}`,
      `{"a":1.5,"Keywords":${KEYWORDS}.5,"k":${KEYWORDS}e0,"n":${KEYWORDS}}`,
    ];
    for (const t of texts) expect(outcome(t)).toEqual(careful(t));
    expect(parseJsonExact(texts[0])).toEqual({
      Message: `a,"Keywords":${KEYWORDS}`,
      Keywords: KEYWORDS,
    });
    expect(parseJsonExact(texts[3])).toEqual({ Message: `x\\","Keywords":${KEYWORDS}` });
  });

  test('broken texts give the error the careful reading gives', () => {
    const texts = [
      `{"s":"a,"Keywords":${KEYWORDS}"}`,
      `{"s":"a","Keywords":${KEYWORDS}`,
      `{"Keywords":${KEYWORDS},}`,
      `{"s":"\\",\\"Keywords\\":${KEYWORDS}}`,
    ];
    for (const t of texts) {
      const o = outcome(t);
      expect(o).toEqual(careful(t));
      expect('error' in o).toBe(true);
    }
  });

  // Texts of pieces in any order: mostly no JSON, some valid; every outcome the careful one.
  test('any mix of keys, quotes, escapes and digits reads as the careful reading does', () => {
    const piece = fc.constantFrom(
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      '\\"',
      '"K":',
      ',"K":',
      '{"K":',
      KEYWORDS,
      '9007199254740993',
      '1',
      '.5',
      'e3',
      ' ',
      'K',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (parts) => {
        const t = parts.join('');
        expect(outcome(t)).toEqual(careful(t));
      }),
      { numRuns: 20000 },
    );
  });

  // Valid documents whose strings hold key-and-digit look-alikes, next to real unsafe keys.
  test('valid documents: strings with look-alike keys keep their text exactly', () => {
    const inner = fc
      .array(fc.constantFrom('"K":', ',"K":', '{"K":', KEYWORDS, '\\', '"', 'x', ','), {
        maxLength: 8,
      })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(inner, inner, fc.boolean(), (s1, s2, nested) => {
        const t = nested
          ? `{"a":${JSON.stringify(s1)},"o":{"K":${KEYWORDS},"b":${JSON.stringify(s2)}}}`
          : `{"a":${JSON.stringify(s1)},"K":${KEYWORDS},"b":${JSON.stringify(s2)}}`;
        const want = nested ? { a: s1, o: { K: KEYWORDS, b: s2 } } : { a: s1, K: KEYWORDS, b: s2 };
        expect(parseJsonExact(t)).toEqual(want);
      }),
      { numRuns: 5000 },
    );
  });

  test.runIf(haveShared('samples/otrf'))(
    'the real OTRF lines read as the careful reading does',
    () => {
      for (const name of ['covenant_com_wsman_automation', 'empire_psremoting_stager']) {
        const file = shared(`samples/otrf/${name}.ndjson`);
        const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
        expect(lines.length).toBeGreaterThan(800);
        for (const l of lines) expect({ value: parseJsonExact(l) }).toEqual(careful(l));
        expect((parseJsonExact(lines[0]) as { Keywords: unknown }).Keywords).toMatch(/^-?\d{16,}$/);
      }
    },
  );
});
