// Builds the component harness pages (tests/ui-harness) for the browser tests that need them;
// tests/ui-harness/serve.ts builds and serves it per test run. The product's build never sees it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const productPage = fileURLToPath(new URL('../../index.html', import.meta.url));
const svelteConfig = fileURLToPath(new URL('../../svelte.config.js', import.meta.url));
const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i;

/** The product page's CSP meta tag, copied so the harness is held to the same policy. */
function productCsp(): Plugin {
  return {
    name: 'sequent:harness-csp',
    transformIndexHtml(html) {
      const meta = CSP_META.exec(readFileSync(productPage, 'utf8'));
      if (!meta) throw new Error(`${productPage} has no Content-Security-Policy meta tag`);
      return html.replace('<meta charset="UTF-8" />', `<meta charset="UTF-8" />\n    ${meta[0]}`);
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'silent',
  plugins: [svelte({ configFile: svelteConfig }), productCsp()],
  build: { target: 'es2022', emptyOutDir: true, modulePreload: { polyfill: false } },
});
