import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/** The id the page imports to get its worker constructor; see src/worker/virtual.d.ts. */
export const WORKER_MODULE_ID = 'virtual:sequent-worker';

/**
 * Chooses how the worker is bundled. The static site loads a separate module worker file;
 * the single file cannot ship a second file, so there the worker is inlined (a blob URL of an
 * iife bundle: module workers from file:// fail silently, classic blob workers do not).
 */
export function sequentWorkerEntry(single: boolean): Plugin {
  const resolved = '\0' + WORKER_MODULE_ID;
  const entry = fileURLToPath(new URL('../src/worker/worker.ts', import.meta.url));
  return {
    name: 'sequent:worker-entry',
    resolveId(source) {
      return source === WORKER_MODULE_ID ? resolved : null;
    },
    load(id) {
      if (id !== resolved) return null;
      const query = single ? '?worker&inline' : '?worker';
      return `export { default } from ${JSON.stringify(entry + query)};`;
    },
  };
}

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i;
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi;

/** The sha256 CSP sources of every inline script in an HTML document, in document order. */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const body = match[1];
    hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

/** Puts the given script sources into script-src of the page's CSP meta tag. */
export function withScriptSources(html: string, sources: string[]): string {
  const meta = CSP_META.exec(html);
  if (!meta) throw new Error('index.html has no Content-Security-Policy meta tag to extend');
  const policy = meta[1].replace(/script-src ([^;]*)/, (_all, current: string) => {
    const kept = current.split(/\s+/).filter((s) => s && s !== "'self'");
    return `script-src ${[...kept, ...sources].join(' ')}`;
  });
  return html.replace(meta[1], policy);
}

/**
 * After vite-plugin-singlefile has inlined everything: allow exactly the inlined scripts by
 * hash (no 'unsafe-inline'), and name the page sequent.html. Must be listed after viteSingleFile.
 */
export function singleFileCsp(fileName = 'sequent.html'): Plugin {
  return {
    name: 'sequent:single-file-csp',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['index.html'];
        if (!page || page.type !== 'asset') {
          this.error('single build: index.html is missing from the bundle');
        }
        const html = String(page.source);
        const hashes = inlineScriptHashes(html);
        if (hashes.length === 0) this.error('single build: no inline script found to allow');
        delete bundle['index.html'];
        this.emitFile({ type: 'asset', fileName, source: withScriptSources(html, hashes) });
      },
    },
  };
}
