// SHA-256 of each file for chain of custody. Files over MAX_HASHED_BYTES are not hashed
// (their summary says so).
// WebCrypto's digest is native (several times the speed of the hash in JS) but takes the whole
// file at once, and Chromium copies that input again before hashing: a file costs the browser
// twice its size while it is hashed. Hashing telemetry-100k (207 MB) beside its reading, that
// was half of the browser's growth during the scan (bench/app-scan-memory.ts: grew ~490 MiB,
// ~270 MiB with the file hashed from its stream). So files over WHOLE_HASHED_BYTES are hashed
// in JS (~1 s of CPU per 200 MB): by the pool's idle helper, or a helper reading ranges of the
// same split .evtx, from a stream of its own and at background priority; or by the thread
// reading the file from the bytes it reads (hashWhileReading). Smaller files go to WebCrypto,
// whole.
import { hex, Sha256 } from '../../ingest/sha256.ts';

export const MAX_HASHED_BYTES = 256 * 1024 * 1024;

/** Files up to this size are hashed by WebCrypto, whole (they hold twice their size meanwhile). */
export const WHOLE_HASHED_BYTES = 64 * 1024 * 1024;

export const NOT_HASHED_WARNING =
  'Not hashed: files over 256 MB are not hashed here (hash the original with sha256sum or Get-FileHash).';

export const CANCELLED_HASH_WARNING =
  'Not hashed: the scan was cancelled while this file was hashed. It was read whole; dropped again, its records are still counted once.';

export interface Hashable {
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
  stream(): ReadableStream<Uint8Array>;
}

/** Lowercase hex SHA-256, or null when the file is too large or cannot be read. */
export async function sha256Hex(
  file: Hashable,
  wholeBytes = WHOLE_HASHED_BYTES,
): Promise<string | null> {
  if (file.size > MAX_HASHED_BYTES) return null;
  try {
    if (file.size <= wholeBytes)
      return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer())));
    const hash = new Sha256();
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Each piece waits for the thread's other work: the thread hashing a split file aside
      // also reads ranges of it, and the other readers wait for those to be numbered.
      await whenIdle();
      hash.update(value);
    }
    return hex(hash.digest());
  } catch {
    return null;
  }
}

interface BackgroundScheduler {
  postTask(task: () => void, options: { priority: 'background' }): Promise<void>;
}

/** Resolves once the thread has nothing more urgent to run (Chromium's task scheduler). */
function whenIdle(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: BackgroundScheduler }).scheduler;
  return scheduler
    ? scheduler.postTask(() => undefined, { priority: 'background' })
    : Promise.resolve();
}

/** A file to read, and its SHA-256 once the reading is over. */
export interface HashedReading {
  /** What to read (the file itself, or its bytes passing through the hash). */
  source: {
    name: string;
    size: number;
    stream(): AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>;
  };
  /** The hash, after the reading has ended (or stopped). */
  digest(): Promise<string | null>;
}

/**
 * Hashes a file on the thread that reads it, from the very bytes the reader reads: a file
 * hashed in JS was otherwise read twice at once, and the second stream's buffers held the
 * reading worker ~100 MiB more over a 2 GB drop. When the reader did not read every byte once,
 * in order (it stopped, or it read parts), the file is hashed again on its own. Files hashed by
 * WebCrypto (small) or not at all (large) are hashed as `sha256Hex` does, beside the reading.
 */
export function hashWhileReading(
  file: Hashable & { name: string },
  /** Tests make it small. */
  wholeBytes = WHOLE_HASHED_BYTES,
): HashedReading {
  if (file.size <= wholeBytes || file.size > MAX_HASHED_BYTES) {
    const hashing = sha256Hex(file);
    return { source: file, digest: () => hashing };
  }
  const hash = new Sha256();
  let streams = 0;
  let bytes = 0;
  let ended = false;
  async function* tapped(): AsyncGenerator<Uint8Array> {
    const reader = file.stream().getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        hash.update(value);
        bytes += value.length;
        yield value;
      }
      ended = true;
    } finally {
      reader.releaseLock();
    }
  }
  return {
    source: {
      name: file.name,
      size: file.size,
      stream: () => (++streams === 1 ? tapped() : file.stream()),
    },
    digest: async () =>
      streams === 1 && ended && bytes === file.size
        ? hex(hash.digest())
        : sha256Hex(file, wholeBytes),
  };
}
