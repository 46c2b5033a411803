import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inlineScriptHashes, withScriptSources } from '../../scripts/vite-plugins.ts';

// The build-time half of the single file's CSP; the browser half is in single-file.spec.ts.

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const page = (policy: string, body: string) =>
  `<head><meta http-equiv="Content-Security-Policy" content="${policy}" /></head><body>${body}</body>`;

describe('inlineScriptHashes', () => {
  it('hashes the exact text of every inline script, and skips external ones', () => {
    const html = page(
      "script-src 'self'",
      '<script type="module">let a = 1;\n</script><script src="./x.js"></script><script>b()</script>',
    );
    expect(inlineScriptHashes(html)).toEqual([sha('let a = 1;\n'), sha('b()')]);
  });

  it('finds nothing in a page without inline scripts', () => {
    expect(inlineScriptHashes(page("script-src 'self'", '<p>hi</p>'))).toEqual([]);
  });
});

describe('withScriptSources', () => {
  it("replaces 'self' in script-src with the given hashes and leaves other directives alone", () => {
    const html = page("default-src 'none'; script-src 'self'; connect-src 'none'", '');
    const out = withScriptSources(html, ["'sha256-AAA='"]);
    expect(out).toContain("default-src 'none'; script-src 'sha256-AAA='; connect-src 'none'");
  });

  it('refuses a page without a CSP meta tag rather than shipping it unprotected', () => {
    expect(() => withScriptSources('<head></head>', ["'sha256-AAA='"])).toThrow(/Content-Security/);
  });
});
