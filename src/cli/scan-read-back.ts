// `sequent scan` keeps references, not events, while it scans: the few events that end up in
// results are read back afterwards, by byte offset in plain UTF-8 NDJSON, else by re-reading.
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { EventRef } from '../engine/index.ts';
import type { Doc } from '../eql/compiled.ts';
import { ingestFile, normalizeRecord, type FileDiagnostics } from '../ingest/index.ts';
import { readChunks } from './read-file.ts';

export const refKey = (ref: EventRef) => `${ref.file}:${ref.record}`;

/** Fetches the documents results refer to: by byte offset in plain UTF-8 NDJSON, else by re-reading the file. */
export async function readBack(
  paths: string[],
  diagnostics: FileDiagnostics[],
  refs: EventRef[],
): Promise<Map<string, Doc>> {
  const docs = new Map<string, Doc>();
  const byFile = new Map<number, EventRef[]>();
  for (const r of refs) {
    let list = byFile.get(r.file);
    if (!list) byFile.set(r.file, (list = []));
    list.push(r);
  }
  for (const [file, wanted] of byFile) {
    const d = diagnostics[file];
    const direct = d.container === 'ndjson' && d.encoding === 'utf-8';
    if (direct && (await readAtOffsets(paths[file], wanted, docs))) continue;
    const records = new Set(wanted.map((r) => r.record));
    let record = 0;
    await ingestFile(
      { name: basename(paths[file]), stream: () => readChunks(paths[file]) },
      (events) => {
        for (const e of events) {
          if (records.has(record)) docs.set(refKey({ file, record }), e.doc);
          record++;
        }
      },
    );
  }
  return docs;
}

/** Reads single NDJSON lines at known offsets; false when the file does not line up. */
async function readAtOffsets(
  path: string,
  refs: EventRef[],
  docs: Map<string, Doc>,
): Promise<boolean> {
  const handle = await open(path, 'r');
  const found = new Map<string, Doc>();
  // One buffer and decoder for every line: a fresh 64 KiB buffer per line was garbage outside
  // the heap that the scan's last seconds, its peak RSS, paid for (a thousand lines, 64 MB).
  let buf = new Uint8Array(1 << 16);
  const decoder = new TextDecoder();
  try {
    for (const ref of refs) {
      if (ref.offset === undefined) return false;
      let text: string | null = null;
      for (;;) {
        const { bytesRead } = await handle.read(buf, 0, buf.length, ref.offset);
        const end = buf.subarray(0, bytesRead).indexOf(10);
        if (end >= 0 || bytesRead < buf.length) {
          text = decoder.decode(buf.subarray(0, end >= 0 ? end : bytesRead));
          break;
        }
        buf = new Uint8Array(buf.length * 4);
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return false;
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
      found.set(refKey(ref), normalizeRecord(raw).doc);
    }
  } finally {
    await handle.close();
  }
  for (const [k, v] of found) docs.set(k, v);
  return true;
}
