// A dropped folder arrives as a FileSystemDirectoryEntry; its files must be read recursively
// before the drop event's DataTransfer goes stale, so entries are collected synchronously
// and walked afterwards. readEntries returns batches (100 in Chromium) until an empty one.
//
// Opened from file:// (the single-file build), Chromium hands out the entries but fails every
// read on them (readEntries and file() reject with EncodingError: the isolated file system's
// URL does not resolve for a file:// origin). The same drop's File System Access handles
// (getAsFileSystemHandle, Chromium only) do read there, so each item falls back to its handle.
// Both must be asked for during the drop event itself.

import { mapInBatches } from './batches';

export interface PickedFile {
  file: File;
  /** Path inside the dropped folder, for display ("logs/dc1/security.json"). */
  path: string;
}

/** Not in TypeScript's DOM types: Chromium's File System Access extension of drops. */
type HandleItem = DataTransferItem & {
  getAsFileSystemHandle?: () => Promise<FileSystemHandle | null>;
};

/** What one dropped item can be read through, gathered while the drop event lasts. */
interface DroppedItem {
  name: string;
  entry: FileSystemEntry | null;
  handle: Promise<FileSystemHandle | null>;
  file: File | null;
}

/** Thrown when some dropped item could not be read by any route; names them and why. */
export class DropReadError extends Error {
  constructor(failures: string[]) {
    super(`Could not read ${failures.join('; ')}`);
    this.name = 'DropReadError';
  }
}

// ".DS_Store", ".git": skipped without being read or walked.
const hidden = (name: string) => name.startsWith('.');
const join = (prefix: string, name: string) => (prefix ? `${prefix}/${name}` : name);

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walkEntry(entry: FileSystemEntry, prefix: string, out: PickedFile[]) {
  if (hidden(entry.name)) return;
  const path = join(prefix, entry.name);
  if (entry.isFile) {
    out.push({ file: await entryFile(entry as FileSystemFileEntry), path });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await readBatch(reader);
    if (batch.length === 0) break;
    for (const child of batch) await walkEntry(child, path, out);
  }
}

async function walkHandle(handle: FileSystemHandle, prefix: string, out: PickedFile[]) {
  if (hidden(handle.name)) return;
  const path = join(prefix, handle.name);
  if (handle.kind === 'file') {
    out.push({ file: await (handle as FileSystemFileHandle).getFile(), path });
    return;
  }
  for await (const child of (handle as FileSystemDirectoryHandle).values()) {
    await walkHandle(child, path, out);
  }
}

const why = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** One dropped item's files: through its entry, else its handle, else as a plain file. */
async function readItem(item: DroppedItem): Promise<PickedFile[]> {
  const errors: string[] = [];
  if (item.entry) {
    const out: PickedFile[] = [];
    try {
      await walkEntry(item.entry, '', out);
      return out;
    } catch (error) {
      errors.push(why(error));
    }
  }
  const handle = await item.handle.catch((error: unknown) => {
    errors.push(why(error));
    return null;
  });
  if (handle) {
    const out: PickedFile[] = [];
    try {
      await walkHandle(handle, '', out);
      return out;
    } catch (error) {
      errors.push(why(error));
    }
  }
  // A folder's getAsFile() is a File too (of the directory itself), unreadable: only a
  // plain file, with no entry to say otherwise, is taken as it is.
  if (item.file && !item.entry?.isDirectory) {
    return hidden(item.file.name) ? [] : [{ file: item.file, path: item.file.name }];
  }
  throw new Error(`"${item.name}" (${errors.join(', ') || 'no readable form'})`);
}

/**
 * Every file of a drop, folders walked recursively, hidden files (".DS_Store") skipped.
 * Must be called from the drop event's handler, before its first await. Rejects with a
 * DropReadError when an item cannot be read at all, rather than dropping it unsaid.
 */
export async function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const items: DroppedItem[] = [];
  for (const raw of Array.from(data.items) as HandleItem[]) {
    if (raw.kind !== 'file') continue;
    const entry = raw.webkitGetAsEntry?.() ?? null;
    const file = raw.getAsFile();
    // Only a file-system-backed item (one with an entry) can need its handle.
    const handle = (entry && raw.getAsFileSystemHandle?.()) || Promise.resolve(null);
    // Asked for in every drop but awaited only as a fallback: never an unhandled rejection.
    handle.catch(() => undefined);
    items.push({ name: entry?.name ?? file?.name ?? '?', entry, handle, file });
  }
  const out: PickedFile[] = [];
  const failures: string[] = [];
  for (const item of items) {
    try {
      out.push(...(await readItem(item)));
    } catch (error) {
      failures.push(error instanceof Error ? error.message : String(error));
    }
  }
  if (failures.length) throw new DropReadError(failures);
  return out;
}

/** Files from an <input type=file> (with or without webkitdirectory). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? [])
    .map((file) => ({ file, path: file.webkitRelativePath || file.name }))
    .filter((p) => !p.path.split('/').some(hidden));
}

/**
 * The File the worker is given: one from a folder goes by its path in it, so two
 * "security.json" from different hosts' folders stay apart in the file list and the evidence.
 */
export function namedByPath({ file, path }: PickedFile): File {
  if (path === file.name) return file;
  return new File([file], path, { type: file.type, lastModified: file.lastModified });
}

/**
 * namedByPath over a whole pick, a batch per task: a triage folder of a thousand logs renamed
 * in one go held the page for longer than a frame.
 */
export function namedByPaths(picked: readonly PickedFile[]): Promise<File[]> {
  return mapInBatches(picked, namedByPath);
}

/**
 * The bytes of a whole pick. Chromium asks for a picked file's size the first time it is read,
 * one round trip each: a thousand of them in one task stalled the page for a quarter second.
 */
export async function pickedBytes(picked: readonly PickedFile[]): Promise<number> {
  const sizes = await mapInBatches(picked, (p) => p.file.size);
  return sizes.reduce((n, size) => n + size, 0);
}
