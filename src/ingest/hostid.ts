// host.id for exports that carry no agent id. Elastic's rules correlate `by host.id`, and one
// machine shows up under several spellings (`WORKSTATION6` in one channel,
// `WORKSTATION6.theshire.local` in another), so the id is derived from the lower-cased first
// DNS label of the computer name (an IP address is kept whole), hashed to a stable UUID-shaped
// string: the same name gives the same id in every run, browser and Node alike.

export function hostKey(computerName: string): string {
  const name = computerName.trim().toLowerCase().replace(/\.$/, '');
  if (!name) return '';
  if (/^[0-9.]+$/.test(name) || name.includes(':')) return name;
  const dot = name.indexOf('.');
  return dot < 0 ? name : name.slice(0, dot);
}

const cache = new Map<string, string>();

export function hostId(computerName: string): string {
  const hit = cache.get(computerName);
  if (hit !== undefined) return hit;
  const key = hostKey(computerName);
  const id = key ? uuidShape(key) : '';
  if (cache.size > 10_000) cache.clear();
  cache.set(computerName, id);
  return id;
}

// Four FNV-1a 32-bit hashes with different offset bases make 128 bits.
function uuidShape(key: string): string {
  const bases = [0x811c9dc5, 0x050c5d1f, 0x2f5a8c4b, 0x6b43a9b5];
  let hex = '';
  for (const b of bases) {
    let h = b >>> 0;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
