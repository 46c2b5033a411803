// A dropped folder arrives as a FileSystemDirectoryEntry; its files must be read recursively
// before the drop event's DataTransfer goes stale, so entries are collected synchronously
// and walked afterwards. readEntries returns batches (100 in Chromium) until an empty one.

export interface PickedFile {
  file: File;
  /** Path inside the dropped folder, for display ("logs/dc1/security.json"). */
  path: string;
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function entryFile(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const path = prefix ? `${prefix}/${entry.name}` : entry.name;
  if (entry.isFile) {
    out.push({ file: await entryFile(entry as FileSystemFileEntry), path });
    return;
  }
  if (!entry.isDirectory) return;
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  for (;;) {
    const batch = await readBatch(reader);
    if (batch.length === 0) break;
    for (const child of batch) await walk(child, path, out);
  }
}

/** Every file of a drop, folders walked recursively, hidden files (".DS_Store") skipped. */
export async function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries: FileSystemEntry[] = [];
  const loose: File[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) loose.push(file);
    }
  }
  const out: PickedFile[] = loose.map((file) => ({ file, path: file.name }));
  for (const entry of entries) await walk(entry, '', out);
  return out.filter((p) => !p.path.split('/').some((part) => part.startsWith('.')));
}

/** Files from an <input type=file> (with or without webkitdirectory). */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? [])
    .map((file) => ({ file, path: file.webkitRelativePath || file.name }))
    .filter((p) => !p.path.split('/').some((part) => part.startsWith('.')));
}
