/** The harness route of a location hash ("#harness/table?rows=10" → "table?rows=10"), else null. */
export function harnessRoute(hash: string): string | null {
  return hash.startsWith('#harness/') ? hash.slice('#harness/'.length) : null;
}
