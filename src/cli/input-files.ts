// The files `sequent scan` reads: each path given, and every file under a folder given (as the
// page takes a dropped folder), in name order so runs over the same folder read alike.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
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

export interface SkippedTwin {
  path: string;
  /** The earlier input with the same bytes. */
  of: string;
}

/**
 * The files without those whose bytes an earlier one has: the same log given twice (a folder
 * holding a copy, or a path named twice) would count each of its events and alerts twice, as
 * the page, which skips such a file, does not. Only files of the same size are hashed.
 */
export function distinctFiles(files: readonly InputFile[]): {
  files: InputFile[];
  skipped: SkippedTwin[];
} {
  const bySize = new Map<number, number>();
  for (const f of files) bySize.set(f.size, (bySize.get(f.size) ?? 0) + 1);
  const seen = new Map<string, string>();
  const kept: InputFile[] = [];
  const skipped: SkippedTwin[] = [];
  for (const f of files) {
    if ((bySize.get(f.size) ?? 0) < 2) {
      kept.push(f);
      continue;
    }
    const digest = sha256Of(f.path);
    const of = seen.get(digest);
    if (of !== undefined) skipped.push({ path: f.path, of });
    else {
      seen.set(digest, f.path);
      kept.push(f);
    }
  }
  return { files: kept, skipped };
}

function sha256Of(path: string): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
