import { defineConfig } from 'vite';

// The Node CLI: one ES module bundle in dist-cli/, loaded by bin/sequent.mjs.
export default defineConfig({
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'sequent.mjs', format: 'es' } },
  },
  ssr: { noExternal: true },
});
