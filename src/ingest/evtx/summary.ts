// What the user is told an .evtx reading gave: chunks and records read, what was skipped.
import type { EvtxStats } from './reader.ts';

export interface EvtxSummary {
  chunks: number;
  records: number;
  damagedChunks: number;
  damagedRecords: number;
  /** Of `chunks`, those read although a CRC32 failed (header or records) or the file cut them. */
  salvagedChunks?: number;
  /** The file header says the writer did not close the file cleanly. */
  dirty: boolean;
}

export function summary(s: EvtxStats): EvtxSummary {
  return {
    chunks: s.chunks,
    records: s.records,
    damagedChunks: s.damagedChunks,
    damagedRecords: s.damagedRecords,
    ...(s.salvagedChunks ? { salvagedChunks: s.salvagedChunks } : {}),
    dirty: s.header?.dirty ?? false,
  };
}

/** The counts of two .evtx files (or members, or ranges of one file) together. */
export function addEvtxSummaries(a: EvtxSummary, b: EvtxSummary): EvtxSummary {
  const salvaged = (a.salvagedChunks ?? 0) + (b.salvagedChunks ?? 0);
  return {
    chunks: a.chunks + b.chunks,
    records: a.records + b.records,
    damagedChunks: a.damagedChunks + b.damagedChunks,
    damagedRecords: a.damagedRecords + b.damagedRecords,
    ...(salvaged ? { salvagedChunks: salvaged } : {}),
    dirty: a.dirty || b.dirty,
  };
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** One line for people: what was read and what was skipped. */
export function describeEvtx(s: EvtxSummary): string {
  const salvaged = s.salvagedChunks ?? 0;
  const damaged =
    s.damagedChunks || s.damagedRecords
      ? `; skipped as damaged: ${plural(s.damagedChunks, 'chunk')}, ${plural(s.damagedRecords, 'record')}`
      : salvaged
        ? '; no record skipped'
        : '; nothing damaged';
  const checked =
    salvaged === 0
      ? ''
      : salvaged === 1
        ? ` (${s.chunks === 1 ? '' : 'one '}cut short or failing its checksum: its records were checked one by one)`
        : ` (${salvaged} cut short or failing their checksums: their records were checked one by one)`;
  return `evtx: ${plural(s.chunks, 'chunk')}${checked} and ${plural(s.records, 'record')} read${damaged}${s.dirty ? ' (the file was not closed cleanly)' : ''}`;
}
