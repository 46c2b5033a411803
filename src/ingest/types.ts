// The public shapes of the ingest layer. Others code against these; extend additively.
import type { Doc } from '../eql/compiled.ts';
import type { EvtxSummary } from './evtx/events.ts';

export type { Doc, EvtxSummary };

/** Anything that can hand out its bytes as a stream: a browser `File`, or a Node file wrapped. */
export interface ByteSource {
  name: string;
  size?: number;
  stream(): ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;
}

export interface IngestedEvent {
  /** The ECS document (or the record as read when `normalize` is false). */
  doc: Doc;
  /** 1-based line where the record starts. */
  line: number;
  /** Byte offset of the record in the decoded UTF-8 stream (see docs/ingest.md for UTF-16). */
  offset: number;
  /**
   * The record as read, before mapping. Raw .evtx records: the Windows event read from the
   * binary XML (WinEvent: System and EventData), or with `keepText` its chunk's bytes and its
   * offset there (EvtxRecordRef), whose <Event> XML text `rawRecord` renders (evtx/record-xml.ts).
   */
  raw: unknown;
  /**
   * With `keepText`: the record's text in the file when `raw` is exactly that text parsed as
   * JSON. Storage keeps this instead of `raw`: a string copies far more cheaply than the object.
   */
  text?: string | undefined;
}

/** What a batch's record texts are, beside the events (see `IngestOptions.keepText`). */
export interface BatchInfo {
  /**
   * Set when every event's text is an NDJSON line read in place from the source's own bytes
   * (no compression, no re-encoding): the text is the source's bytes from `linesAt + offset`
   * to the next LF (or the end), less one CR before it, decoded as UTF-8 with replacement.
   * A store may then keep a slice of the source instead of the texts. Null otherwise.
   */
  linesAt: number | null;
}

export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (bytesRead: number) => void;
  /** Events per onBatch call (default 512). */
  batchSize?: number;
  /** false: pass records through unmapped. Default true. */
  normalize?: boolean;
  /** How many errors FileDiagnostics keeps (default 20). */
  maxErrors?: number;
  /** Also hand over each record's text (IngestedEvent.text), for callers that store it. */
  keepText?: boolean;
  /**
   * A raw .evtx read in chunk ranges by several workers: the stream is the file header
   * followed by the chunks from this one on (see `chunkRanges` in ./evtx).
   */
  evtxFirstChunk?: number;
  /** NDJSON decoded a block of lines at a time (see SplitterOptions; the page's workers). */
  ndjsonBlocks?: boolean;
}

export interface IngestError {
  file: string;
  line: number;
  offset: number;
  message: string;
}

export interface FieldProfile {
  /** Field path → how many events carry it. */
  counts: Record<string, number>;
  /** Field path → a few distinct scalar values (as strings), at most `valueCap`. */
  values: Record<string, string[]>;
  /** Fields whose distinct values went past the cap (their `values` list is incomplete). */
  capped: string[];
  valueCap: number;
  /** Events profiled: all of the first ones of each (channel, event id), then a sample. */
  profiled: number;
  /** Events seen in all. */
  events: number;
}

export interface FileDiagnostics {
  name: string;
  bytes: number;
  /** `utf-8`, `utf-8 (BOM)`, `utf-16le (BOM)`, `utf-16be (sniffed)`… */
  encoding: string;
  /** `ndjson`, `json array`, `concatenated json`, `evtx_dump json`, `event xml`, `evtx`, with `gzip:`/`zip:` in front. */
  container: string;
  /** The detected source shape (most records), e.g. `otrf-nxlog`. */
  source: string;
  /** Why that shape was chosen, in words a person reads. */
  reason: string;
  /**
   * Set when the file holds no event log: what it looks like instead (`a PNG image`,
   * `YAML text`, …), judged from its content. `reason` then says `not an event log (…)`.
   */
  notEventLog?: string;
  /** Every shape seen with its record count (mixed files have more than one). */
  sources: Record<string, number>;
  records: { read: number; mapped: number; passedThrough: number; skipped: number };
  /** `channel|event id` → count. */
  eventCounts: Record<string, number>;
  hosts: string[];
  timeRange: { min: string; max: string } | null;
  withoutTimestamp: number;
  errors: IngestError[];
  warnings: string[];
  fields: FieldProfile;
  /** Raw .evtx input: chunks and records read, damaged ones skipped (summed over members). */
  evtx?: EvtxSummary;
}
