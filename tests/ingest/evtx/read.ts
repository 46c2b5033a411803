// Reads an .evtx file with the reader alone (no mapping), for the comparison tests.
import { createReadStream } from 'node:fs';
import {
  newStats,
  readEvtx,
  type EvtxRecord,
  type EvtxStats,
  type Problem,
} from '../../../src/ingest/evtx/index.ts';

export interface Read {
  records: EvtxRecord[];
  problems: Problem[];
  stats: EvtxStats;
}

export async function readFile(path: string): Promise<Read> {
  const records: EvtxRecord[] = [];
  const problems: Problem[] = [];
  const stats = newStats();
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  for await (const batch of readEvtx(input, (p) => problems.push(p), stats)) records.push(...batch);
  return { records, problems, stats };
}

export async function readBytes(bytes: Uint8Array, piece = 65536): Promise<Read> {
  const records: EvtxRecord[] = [];
  const problems: Problem[] = [];
  const stats = newStats();
  async function* input(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
  }
  for await (const batch of readEvtx(input(), (p) => problems.push(p), stats))
    records.push(...batch);
  return { records, problems, stats };
}
