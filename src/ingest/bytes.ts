// Byte plumbing: turn any source into an async iteration of chunks, and peek at its head.
import type { ByteSource, FileDiagnostics } from './types.ts';

/** A cancelled ingest's error; `readSoFar` describes what it read before it stopped. */
export function abortError(readSoFar?: FileDiagnostics): Error {
  // DOMException is in browsers, workers and Node ≥17 alike.
  const error = new DOMException('The ingest was aborted', 'AbortError');
  return readSoFar ? Object.assign(error, { readSoFar }) : error;
}

/**
 * The diagnostics of what a cancelled ingest read and handed on before it stopped (shape,
 * hosts, counts), or null: a cancelled file's row still says what it is and what it gave.
 */
export function readSoFar(error: unknown): FileDiagnostics | null {
  const d = (error as { readSoFar?: FileDiagnostics } | null)?.readSoFar;
  return typeof d === 'object' && d !== null ? d : null;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortError();
}

export async function* chunksOf(
  stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in stream) {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      throwIfAborted(signal);
      yield chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    }
    return;
  }
  const reader = (stream as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      throwIfAborted(signal);
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

export function sourceChunks(source: ByteSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  return chunksOf(source.stream(), signal);
}

/** Reads until at least `n` bytes are known, returning them and the rest of the iteration. */
export async function peek(
  it: AsyncIterator<Uint8Array>,
  n: number,
): Promise<{ head: Uint8Array; rest: AsyncGenerator<Uint8Array> }> {
  const parts: Uint8Array[] = [];
  let have = 0;
  let done = false;
  while (have < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    if (r.value.length === 0) continue;
    parts.push(r.value);
    have += r.value.length;
  }
  const head = concat(parts);
  // The head is let go once handed on: a whole first chunk (a megabyte from Node's file
  // streams) kept until the last one is read outlived the young generation, and its memory
  // came back only with a full collection. Taken through a call, so that no register of the
  // suspended generator keeps it either.
  let first: Uint8Array | null = head.length ? head : null;
  const take = (): Uint8Array => {
    const h = first!;
    first = null;
    return h;
  };
  async function* rest(): AsyncGenerator<Uint8Array> {
    if (first) yield take();
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return { head, rest: rest() };
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
