// Re-attaching the original files of a session whose events could not be stored: each dropped
// file is matched to a file the session already has (never added as a new one, so files and
// alerts are not duplicated), read again through the same ingest, and its events chunked
// under the file's own index so evidence and hunting refer to the same file as the alerts.
import type { ReattachReport } from '../app-api.ts';
import { FileBatches, type EventBatch } from './correlate.ts';
import { chunkBatch, ChunkBuilder, READ_BATCH } from './chunker.ts';
import { sha256Hex } from './digest.ts';
import { isQuotaError } from './file-summary.ts';
import type { EventChunk } from './model.ts';
import type { IngestFn, ScanFile } from './scan-request.ts';

/** What re-attaching needs to know of a session's file. */
export interface KnownFile {
  id: string;
  index: number;
  name: string;
  size: number;
  sha256: string | null;
}

export interface FileMatch {
  file: ScanFile;
  known: KnownFile;
}

export interface Matching {
  matched: FileMatch[];
  unmatched: ReattachReport['unmatched'];
}

/**
 * Pairs dropped files with the session's files: by SHA-256 where the session's file was
 * hashed, else by name and size. A file already matched is not matched twice.
 */
export async function matchFiles(known: KnownFile[], dropped: ScanFile[]): Promise<Matching> {
  const matched: FileMatch[] = [];
  const unmatched: ReattachReport['unmatched'] = [];
  const taken = new Set<string>();
  for (const file of dropped) {
    const free = known.filter((k) => !taken.has(k.id));
    // Hashing reads the whole file: only when some file of the session can be matched by it.
    const digest = free.some((k) => k.sha256 && k.size === file.size)
      ? await sha256Hex(file)
      : null;
    const hit =
      free.find((k) => k.sha256 !== null && digest !== null && k.sha256 === digest) ??
      free.find((k) => k.sha256 === null && k.name === file.name && k.size === file.size);
    if (hit) {
      taken.add(hit.id);
      matched.push({ file, known: hit });
      continue;
    }
    unmatched.push({ name: file.name, reason: whyUnmatched(known, taken, file, digest) });
  }
  return { matched, unmatched };
}

function whyUnmatched(
  known: KnownFile[],
  taken: Set<string>,
  file: ScanFile,
  digest: string | null,
): string {
  const same = known.find((k) => k.name === file.name);
  if (same && taken.has(same.id))
    return `Matched by ${same.sha256 ? 'SHA-256' : 'name and size'}: ${same.name} was already re-attached from another dropped file.`;
  if (same?.sha256)
    return digest === null
      ? `Matched by SHA-256: ${file.name} could not be hashed (too large or unreadable), so it cannot be shown to be the file this session read.`
      : `Matched by SHA-256: ${file.name} has SHA-256 ${digest}, but the session's ${same.name} had ${same.sha256}; it is not the same file.`;
  if (same)
    return `Matched by name and size: the session's ${same.name} was ${same.size} bytes, this file is ${file.size} bytes.`;
  const hashed = known.some((k) => k.sha256);
  return `No file of this session has this ${hashed ? 'SHA-256' : 'name and size'} (matched by ${hashed ? 'SHA-256, or name and size for files that were not hashed' : 'name and size'}).`;
}

/** Reads a matched file again, chunked under its index in the session. */
export async function readChunks(
  match: FileMatch,
  sessionId: string,
  ingest: IngestFn,
  chunkSize: number,
  signal?: AbortSignal,
): Promise<EventChunk[]> {
  const { file, known } = match;
  const builder = new ChunkBuilder(sessionId, known.index, chunkSize);
  const chunks: EventChunk[] = [];
  const batches = new FileBatches(known.index);
  await ingest(
    { name: file.name, size: file.size, stream: () => file.stream() },
    (events) => {
      const chunk = builder.add(batches.next(events));
      if (chunk) chunks.push(chunk);
    },
    { batchSize: Math.min(chunkSize, READ_BATCH), keepText: true, ...(signal ? { signal } : {}) },
  );
  const rest = builder.flush();
  if (rest) chunks.push(rest);
  return chunks;
}

/** Where re-attached chunks are stored; putChunk may throw QuotaExceededError. */
export interface ChunkStore {
  putChunk(chunk: EventChunk): Promise<void>;
  /** When the quota refused part of a file: removes what is stored of it (at least `chunks`,
   *  what this re-attach stored), so only the memory copy is searched. */
  removeChunks(chunks: EventChunk[]): Promise<void>;
}

/**
 * Stores the chunks; 'memory' when the quota still refuses (what was stored is removed again,
 * so the store never holds half a file's events), and the caller keeps them in memory.
 */
export async function storeChunks(
  store: ChunkStore,
  chunks: EventChunk[],
): Promise<'stored' | 'memory'> {
  const done: EventChunk[] = [];
  for (const chunk of chunks) {
    try {
      await store.putChunk(chunk);
      done.push(chunk);
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      await store.removeChunks(done).catch(() => undefined);
      return 'memory';
    }
  }
  return 'stored';
}

/** Chunks kept in the worker's memory for the life of the page, per session and file index. */
export class AttachedEvents {
  readonly #bySession = new Map<string, Map<number, EventChunk[]>>();

  set(sessionId: string, file: number, chunks: EventChunk[]): void {
    let files = this.#bySession.get(sessionId);
    if (!files) this.#bySession.set(sessionId, (files = new Map()));
    // The record texts serve storage only, and slices of the file's text would keep all of
    // it alive here.
    files.set(
      file,
      chunks.map(({ texts: _texts, ...chunk }) => chunk),
    );
  }

  /** Forgets a file's memory copy (it is stored now). */
  forget(sessionId: string, file: number): void {
    this.#bySession.get(sessionId)?.delete(file);
  }

  files(sessionId: string): number[] {
    return [...(this.#bySession.get(sessionId)?.keys() ?? [])];
  }

  *batches(sessionId: string): Generator<EventBatch> {
    const files = this.#bySession.get(sessionId);
    if (!files) return;
    for (const [, chunks] of [...files].sort((a, b) => a[0] - b[0]))
      for (const c of chunks) yield chunkBatch(c);
  }

  drop(sessionId: string): void {
    this.#bySession.delete(sessionId);
  }
}
