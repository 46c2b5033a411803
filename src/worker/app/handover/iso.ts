/** Epoch ms as ISO 8601 UTC, or '' when unknown. */
export function iso(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  return new Date(ms).toISOString();
}
