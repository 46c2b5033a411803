/// <reference types="vitest/config" />
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { viteSingleFile } from 'vite-plugin-singlefile';
import { sequentWorkerEntry, singleFileCsp } from './scripts/vite-plugins.ts';
import { loadKitRules } from './scripts/kit-rules.ts';

// `vite build` makes dist/ (static site, relative base); `vite build --mode single` makes
// dist-single/sequent.html, one file with the worker inlined, for file:// on an air-gapped laptop.
export default defineConfig(({ mode }) => {
  const single = mode === 'single';
  // The offline kit: SEQUENT_RULES=<folder|zip> bakes those rules in as built-in rules.
  const kit = process.env.SEQUENT_RULES ? loadKitRules(process.env.SEQUENT_RULES) : null;
  return {
    base: './',
    plugins: [
      svelte(),
      sequentWorkerEntry(single),
      ...(single ? [viteSingleFile({ removeViteModuleLoader: true }), singleFileCsp()] : []),
    ],
    define: {
      __SEQUENT_SINGLE__: JSON.stringify(single),
      ...(kit ? { __SEQUENT_KIT_RULES__: JSON.stringify(kit) } : {}),
    },
    worker: { format: single ? 'iife' : 'es' },
    build: {
      outDir: single ? 'dist-single' : 'dist',
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 4000,
      // The static site must not fetch a polyfill or preload anything it does not need.
      modulePreload: { polyfill: false },
    },
    server: { host: '127.0.0.1' },
    preview: { host: '127.0.0.1' },
    test: {
      include: ['tests/**/*.test.ts'],
      environment: 'node',
      // Each test process reads its test files without a fresh module graph for each (on a
      // 2-core machine re-importing per file cost ~100 of 360 s), and a 2-core machine runs
      // two of them, not Vitest's default of one (cores - 1): 360 s → 180 s.
      isolate: false,
      maxWorkers: Math.max(2, availableParallelism() - 1),
      testTimeout: 60_000,
      hookTimeout: 60_000,
    },
  };
});
