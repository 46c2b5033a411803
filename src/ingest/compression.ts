// Containers around the text: gzip (the platform's DecompressionStream) and zip (fflate).
import { Unzip, UnzipInflate, type UnzipFile } from 'fflate';
import { chunksOf, peek } from './bytes.ts';

export interface Member {
  /** Empty for a plain or gzip stream; the entry path inside a zip. */
  entry: string;
  chunks: AsyncGenerator<Uint8Array>;
}

export interface Unpacked {
  /** '' (plain), 'gzip' or 'zip'. */
  wrapper: string;
  members: AsyncGenerator<Member>;
}

/** Compressed data that cannot be inflated (corrupt, or cut short); the reader reports it. */
export class ContainerError extends Error {
  constructor(wrapper: 'gzip' | 'zip', cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`the ${wrapper} data is corrupt or cut short (${why || 'no detail'})`, { cause });
    this.name = 'ContainerError';
  }
}

/** Passes items on until a ContainerError, which it hands to `onBroken` instead of throwing. */
export async function* untilBroken<T>(
  items: AsyncGenerator<T>,
  onBroken: (e: ContainerError) => void,
): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (e) {
    if (!(e instanceof ContainerError)) throw e;
    onBroken(e);
  }
}

const isAbort = (e: unknown) => e instanceof Error && e.name === 'AbortError';

const isGzip = (h: Uint8Array) => h.length >= 2 && h[0] === 0x1f && h[1] === 0x8b;
const isZip = (h: Uint8Array) =>
  h.length >= 4 && h[0] === 0x50 && h[1] === 0x4b && h[2] === 0x03 && h[3] === 0x04;

export async function unpack(
  input: AsyncGenerator<Uint8Array>,
  signal?: AbortSignal,
): Promise<Unpacked> {
  const { head, rest } = await peek(input, 4);
  if (isGzip(head)) return { wrapper: 'gzip', members: one(gunzip(rest, signal)) };
  if (isZip(head)) return { wrapper: 'zip', members: unzip(rest) };
  return { wrapper: '', members: one(rest) };
}

async function* one(chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Member> {
  yield { entry: '', chunks };
}

function gunzip(
  chunks: AsyncGenerator<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await chunks.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
  const ds = new DecompressionStream('gzip') as unknown as ReadableWritablePair<
    Uint8Array,
    Uint8Array
  >;
  return inflated(chunksOf(body.pipeThrough(ds), signal));
}

async function* inflated(chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (e) {
    throw isAbort(e) ? e : new ContainerError('gzip', e);
  }
}

// fflate's Unzip is push-based and synchronous: each pushed chunk yields the inflated pieces
// at once, so one pushed chunk's output is queued and drained before the next is read.
async function* unzip(chunks: AsyncGenerator<Uint8Array>): AsyncGenerator<Member> {
  const queue: Array<{ entry: string } | { data: Uint8Array } | { error: unknown }> = [];
  const uz = new Unzip((file: UnzipFile) => {
    if (file.name.endsWith('/')) return;
    queue.push({ entry: file.name });
    file.ondata = (err, data) => {
      if (err) queue.push({ error: err });
      else if (data.length) queue.push({ data });
    };
    file.start();
  });
  uz.register(UnzipInflate);

  // One member at a time: the caller drains a member's chunks before asking for the next.
  let current: { entry: string; buffered: Uint8Array[]; ended: boolean } | null = null;
  let inputDone = false;
  let pendingEntry: string | null = null;

  const pump = async (): Promise<boolean> => {
    if (inputDone) return false;
    const r = await chunks.next();
    try {
      if (r.done) {
        inputDone = true;
        uz.push(new Uint8Array(0), true);
      } else uz.push(r.value);
    } catch (e) {
      // Queued behind what was inflated before the damage, so that is still read first.
      queue.push({ error: e });
    }
    return true;
  };

  const take = (): void => {
    while (queue.length) {
      const item = queue.shift()!;
      if ('entry' in item) {
        if (current) current.ended = true;
        pendingEntry = item.entry;
        return;
      }
      if ('error' in item) throw new ContainerError('zip', item.error);
      current?.buffered.push(item.data);
    }
  };

  async function* memberChunks(m: NonNullable<typeof current>): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (m.buffered.length) yield m.buffered.shift()!;
      if (m.ended) return;
      if (!(await pump())) {
        take();
        while (m.buffered.length) yield m.buffered.shift()!;
        return;
      }
      take();
    }
  }

  for (;;) {
    if (pendingEntry === null) {
      take();
      if (pendingEntry === null && !(await pump())) {
        take();
        if (pendingEntry === null) return;
      }
      continue;
    }
    current = { entry: pendingEntry, buffered: [], ended: false };
    pendingEntry = null;
    yield { entry: current.entry, chunks: memberChunks(current) };
  }
}
