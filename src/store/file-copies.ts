// Whether this browser's IndexedDB keeps a copy of a File's bytes, which storing events as
// slices of their file (file-lines.ts) relies on. A profile on disk copies them as the write
// commits. An off-the-record (incognito) profile keeps only a reference to the file on disk:
// once the file is changed or gone (a USB stick pulled), every event stored that way would be
// unreadable. No API says which profile a page runs in, so the behaviour itself is tried, once
// per worker, on a file of the origin's private file system: store a slice, delete the file,
// read the slice back. Where that cannot be tried (file:// pages have no such file system),
// the answer is no and the texts are stored as before.
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from './schema.ts';

const PROBE = 'probe';
let answer: Promise<boolean> | null = null;

export function storesFileCopies(db: IDBPDatabase<SequentSchema>): Promise<boolean> {
  answer ??= probe(db).catch(() => false);
  return answer;
}

async function probe(db: IDBPDatabase<SequentSchema>): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.storage?.getDirectory) return false;
  const root = await navigator.storage.getDirectory();
  // Workers probe at once: each with a name of its own.
  const name = `sequent-${PROBE}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const handle = await root.getFileHandle(name, { create: true });
  const key = `${PROBE}:${name}`;
  try {
    const writable = await handle.createWritable();
    await writable.write(`x${PROBE}x`);
    await writable.close();
    const file = await handle.getFile();
    await db.put('kv', { key, value: file.slice(1, 1 + PROBE.length), updatedAt: Date.now() });
    await root.removeEntry(name);
    const back = (await db.get('kv', key))?.value;
    return back instanceof Blob && (await back.text()) === PROBE;
  } finally {
    await root.removeEntry(name).catch(() => undefined);
    await db.delete('kv', key);
  }
}
