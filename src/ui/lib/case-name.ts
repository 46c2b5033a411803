// A new case is named after what was dropped, so the sessions list tells cases apart at a
// glance: the dropped folder, the single file, or the first file and how many more.

const MAX = 80;

function short(name: string): string {
  return name.length > MAX ? `${name.slice(0, MAX - 1)}…` : name;
}

/**
 * `paths`: the dropped files as paths inside their drop ("logs/dc1/security.json" for a folder,
 * just the name for loose files). `now` names the case when nothing usable was dropped.
 */
export function caseName(paths: readonly string[], now: number): string {
  const parts = paths.map((p) => p.split(/[\\/]/).filter(Boolean)).filter((p) => p.length > 0);
  if (parts.length === 0)
    return `Scan ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const top = parts[0][0];
  if (parts.every((p) => p.length > 1 && p[0] === top)) return short(top);
  const first = parts[0][parts[0].length - 1];
  if (parts.length === 1) return short(first);
  return `${short(first)} and ${parts.length - 1} more`;
}
