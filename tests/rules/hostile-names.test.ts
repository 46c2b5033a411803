// Rule text is untrusted: names, descriptions, tags and queries full of quotes, TOML string
// ends, newlines, markup and path characters survive export as TOML (and re-import) unchanged,
// and the exported file names cannot climb out of the folder they are unpacked into.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinRules, importRules, rulesToToml } from '../../src/rules/index.ts';

const NASTY = [
  `'''`,
  `"""`,
  `"`,
  `'`,
  `\\`,
  '\n',
  '\r\n',
  '\t',
  ']]',
  '[[rule]]',
  '\u202e',
  '\u0000',
  '\u2028',
  '<script>window.__pwned=1</script>',
  '=HYPERLINK("http://evil.example/")',
  '../',
  '..\\',
  '/',
  'C:\\',
  '#',
  '=',
  '😀',
];
const nasty = fc
  .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6 })), {
    minLength: 1,
    maxLength: 8,
  })
  .map((parts) => parts.join(''));

describe('hostile rule text through TOML', () => {
  it('comes back unchanged, and the file name stays a plain name', () => {
    const base = builtinRules()[0];
    fc.assert(
      fc.property(nasty, nasty, fc.array(nasty, { maxLength: 3 }), (name, description, tags) => {
        const rule = { ...base, name, description, tags };
        const [file] = rulesToToml([rule]);
        expect(file.name).toMatch(/^[a-z0-9_]+_[A-Za-z0-9-]{1,8}\.toml$/);
        const report = importRules([{ name: file.name, text: file.text }]);
        expect(report.errors).toEqual([]);
        expect(report.rules[0]).toMatchObject({ name, description, tags });
      }),
      { numRuns: 300 },
    );
  });
});
