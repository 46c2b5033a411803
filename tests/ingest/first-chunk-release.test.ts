// The first chunk is handed on and then let go: a reader's first chunk (a megabyte from Node's
// file streams) kept by the rest of the iteration until the file's end outlived the young
// generation, and its memory came back only with a full collection (bench/README.md, h19s).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { peek } from '../../src/ingest/bytes.ts';
import { ingestFile } from '../../src/ingest/index.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 5 && ref.deref() !== undefined; i++) {
    await new Promise((r) => setTimeout(r, 0));
    gc();
  }
  return ref.deref() === undefined;
}

describe('the first chunk of a file', () => {
  it('is not kept by peek once the rest has handed it on', async () => {
    const chunks: Uint8Array[] = [new Uint8Array(1 << 20).fill(1), new Uint8Array([2])];
    const ref = new WeakRef(chunks[0]);
    let release: () => void = () => {};
    async function* source(): AsyncGenerator<Uint8Array> {
      while (chunks.length) yield chunks.shift()!;
      // Still reading: the iteration is alive while the head should be gone.
      await new Promise<void>((r) => (release = r));
    }
    // The head is looked at and dropped, as ingestFile's sniffing does.
    const rest = await (async () => {
      const read = await peek(source(), 4);
      expect(read.head.length).toBe(1 << 20);
      return read.rest;
    })();
    expect((await rest.next()).value?.length).toBe(1 << 20);
    expect((await rest.next()).value).toEqual(new Uint8Array([2]));
    const pending = rest.next();
    expect(await collected(ref)).toBe(true);
    release();
    expect((await pending).done).toBe(true);
  });

  it("lets ingestFile drop a file's first chunk while it reads the rest", async () => {
    const line = `{"a":"${'x'.repeat(1000)}"}\n`;
    const enc = new TextEncoder();
    const chunks: Uint8Array[] = [
      enc.encode(line.repeat(1000)),
      enc.encode('{"b":2}\n'),
      enc.encode('{"c":3}\n'),
    ];
    const ref = new WeakRef(chunks[0]);
    async function* stream(): AsyncGenerator<Uint8Array> {
      while (chunks.length) yield chunks.shift()!;
    }
    let gone: boolean | undefined;
    const diag = await ingestFile(
      { name: 'first-chunk.ndjson', stream },
      async (batch) => {
        // The last record: the first chunk has been read and split long ago.
        if ((batch[0].doc as { c?: number }).c === 3) gone = await collected(ref);
      },
      { batchSize: 1, normalize: false },
    );
    expect(diag.records.read).toBe(1002);
    expect(gone).toBe(true);
  });
});
