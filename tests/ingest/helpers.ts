// Shared by the ingest tests: feed bytes or files to ingestFile and read fields back.
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ingestFile,
  type Doc,
  type FileDiagnostics,
  type IngestedEvent,
  type IngestOptions,
} from '../../src/ingest/index.ts';

export const fixture = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/ingest/${name}`, import.meta.url));

/** A path under ../shared (the read-only test data next to the repo). */
export const shared = (rel: string): string =>
  fileURLToPath(new URL(`../../../shared/${rel}`, import.meta.url));

/**
 * Whether the shared data set is present. Under CI a missing file is a failure, never a skip;
 * elsewhere the test is skipped with the reason printed.
 */
export function haveShared(rel: string): boolean {
  const path = shared(rel);
  if (existsSync(path)) return true;
  if (process.env.CI === 'true') throw new Error(`test data missing under CI: ${path}`);
  console.warn(`skipping: ${path} is not here (the ../shared test data set)`);
  return false;
}

export interface Ingested {
  events: IngestedEvent[];
  docs: Doc[];
  diag: FileDiagnostics;
}

export async function ingestPath(path: string, options?: IngestOptions): Promise<Ingested> {
  const events: IngestedEvent[] = [];
  const diag = await ingestFile(
    { name: path, stream: () => createReadStream(path, { highWaterMark: 64 * 1024 }) },
    (batch) => {
      events.push(...batch);
    },
    options,
  );
  return { events, docs: events.map((e) => e.doc), diag };
}

/** Feeds bytes in chunks of the given sizes (cycled), as a stream would deliver them. */
export async function ingestBytes(
  name: string,
  bytes: Uint8Array,
  chunkSizes: number[] = [65536],
  options?: IngestOptions,
): Promise<Ingested> {
  const events: IngestedEvent[] = [];
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let i = 0;
    let k = 0;
    while (i < bytes.length) {
      const n = Math.max(1, chunkSizes[k++ % chunkSizes.length]);
      yield bytes.slice(i, i + n);
      i += n;
    }
  }
  const diag = await ingestFile(
    { name, size: bytes.length, stream: chunks },
    (batch) => {
      events.push(...batch);
    },
    options,
  );
  return { events, docs: events.map((e) => e.doc), diag };
}

/** Reads a field from a nested or flat-dotted document. */
export function get(doc: Doc, path: string): unknown {
  if (path in doc) return doc[path];
  let o: unknown = doc;
  for (const k of path.split('.')) {
    if (typeof o !== 'object' || o === null) return undefined;
    o = (o as Record<string, unknown>)[k];
  }
  return o;
}

/** Every leaf as `dotted.path → value`. */
export function flatten(
  doc: Doc,
  prefix = '',
  out: Record<string, unknown> = {},
): Record<string, unknown> {
  for (const [k, v] of Object.entries(doc)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v))
      flatten(v as Doc, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = v;
  }
  return out;
}
