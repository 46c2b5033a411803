// The files `sequent scan` reads: each path given, and every file under a folder given (as the
// page takes a dropped folder), in name order so runs over the same folder read alike.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface InputFile {
  path: string;
  size: number;
}

/** Throws the first path that cannot be read (missing, unreadable), with the system's reason. */
export function inputFiles(paths: readonly string[]): InputFile[] {
  const files: InputFile[] = [];
  for (const path of paths) {
    const stat = statSync(path);
    if (!stat.isDirectory()) {
      files.push({ path, size: stat.size });
      continue;
    }
    const names = readdirSync(path, { recursive: true, encoding: 'utf8' }).sort();
    for (const name of names) {
      const inner = join(path, name);
      const s = statSync(inner);
      if (s.isFile()) files.push({ path: inner, size: s.size });
    }
  }
  return files;
}
