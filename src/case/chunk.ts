// A case's events at rest: normalized events of one file, stored in blocks in read order.
import type { JsonDoc } from './alert.ts';

/** A stored block of normalized events of one file, in read order. */
export interface EventChunk {
  sessionId: string;
  chunkIndex: number;
  /** The file's index within the session. */
  file: number;
  /** Record number (0-based, within the file) of the first event. */
  firstRecord: number;
  events: JsonDoc[];
  lines: number[];
  raws: unknown[];
  /** Where ingest had it, the text each raw record was parsed from: stored in its place. */
  texts?: (string | undefined)[];
  /**
   * Where every text is an NDJSON line of the file read in place: the file and each line's
   * byte offset in it, so storage may keep a slice of the file instead of the texts.
   */
  inFile?: { source: Blob; offsets: number[] };
}
