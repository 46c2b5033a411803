// Provided by sequentWorkerEntry in scripts/vite-plugins.ts: the worker bundled as a module
// worker file (static site) or inlined as an iife blob worker (single file).
declare module 'virtual:sequent-worker' {
  const SequentWorker: new (options?: { name?: string }) => Worker;
  export default SequentWorker;
}

/** Replaced at build time: true in the single-file build. */
declare const __SEQUENT_SINGLE__: boolean;
