// SHA-256 of each file for chain of custody. WebCrypto's digest is native and runs beside
// the parse, but it needs the whole file in memory, so files over MAX_HASHED_BYTES are not
// hashed (their summary says so). A pure-JS incremental hash was tried and cost as much
// time as parsing the file; that was too much to pay on every scan.

export const MAX_HASHED_BYTES = 256 * 1024 * 1024;

export const NOT_HASHED_WARNING =
  'Not hashed: files over 256 MB are not hashed here (hash the original with sha256sum or Get-FileHash).';

export interface Hashable {
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Lowercase hex SHA-256, or null when the file is too large or cannot be read. */
export async function sha256Hex(file: Hashable): Promise<string | null> {
  if (file.size > MAX_HASHED_BYTES) return null;
  try {
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  } catch {
    return null;
  }
}
