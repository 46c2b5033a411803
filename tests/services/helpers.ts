// Shared by the services tests: real files from ../shared and the fixtures, real rules,
// real language, real ingest, and an in-memory sink standing in for IndexedDB's role only.
import { existsSync, openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FieldProfile } from '../../src/ingest/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { builtinRules } from '../../src/rules/index.ts';
import type { FileSummary } from '../../src/worker/app-api.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type {
  AlertBody,
  EventChunk,
  RunnableRule,
  StoredReport,
} from '../../src/worker/app/model.ts';
import { runScan } from '../../src/worker/app/pipeline.ts';
import type { ScanFile, ScanRequest, ScanSink } from '../../src/worker/app/scan-request.ts';
import type { CheckpointData } from '../../src/worker/app/checkpoint.ts';
import { chunkBatch } from '../../src/worker/app/chunker.ts';
import { completeReports, countNearMisses } from '../../src/worker/app/near-miss-pass.ts';
import { compileOptionsOf, runnable } from '../../src/worker/app/rule-view.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const fixture = (name: string) =>
  fileURLToPath(new URL(`../fixtures/services/${name}`, import.meta.url));
export const shared = (path: string) =>
  fileURLToPath(new URL(`../../../shared/${path}`, import.meta.url));

/** A shared data file, or null (after saying why) when it is absent outside CI. */
export function sharedOrSkip(path: string): string | null {
  const full = shared(path);
  if (existsSync(full)) return full;
  if (process.env.CI === 'true')
    throw new Error(`test data missing in CI: ${full} (see /work/shared/README.md)`);
  console.warn(`skipping: ${full} is not here (tests read ../shared next to the repo)`);
  return null;
}

export async function scanFile(path: string, name = path.split('/').pop()!): Promise<ScanFile> {
  const blob = await openAsBlob(path);
  return {
    name,
    size: blob.size,
    stream: () => blob.stream() as ReadableStream<Uint8Array>,
    arrayBuffer: () => blob.arrayBuffer(),
  };
}

/** Bytes in memory as a scan's file, sliceable as the page's File is (for split ranges). */
export function bytesFile(bytes: Uint8Array<ArrayBuffer>, name: string): ScanFile {
  const blob = new Blob([bytes]);
  return {
    name,
    size: blob.size,
    stream: () => blob.stream() as ReadableStream<Uint8Array>,
    arrayBuffer: () => blob.arrayBuffer(),
    slice: (start, end) => {
      const part = blob.slice(start, end);
      return {
        stream: () => part.stream() as ReadableStream<Uint8Array>,
        arrayBuffer: () => part.arrayBuffer(),
      };
    },
  };
}

export function builtinRunnable(): RunnableRule[] {
  return builtinRules()
    .map((r) => runnable(r, (rule) => eqlLanguage(compileOptionsOf(rule))))
    .filter((r): r is RunnableRule => r !== null);
}

export class MemorySink implements ScanSink {
  files = new Map<number, FileSummary>();
  chunks: EventChunk[] = [];
  alerts: AlertBody[] = [];
  reports: StoredReport[] = [];
  profile: FieldProfile | null = null;
  quotaAfter = Infinity;
  dropped = false;
  async putFile(file: FileSummary, index: number) {
    this.files.set(index, structuredClone(file));
  }
  async putChunk(chunk: EventChunk) {
    if (this.chunks.length >= this.quotaAfter)
      throw new DOMException('quota', 'QuotaExceededError');
    this.chunks.push(structuredClone(chunk));
  }
  async dropEvents() {
    this.dropped = true;
    this.chunks = [];
  }
  /** Every checkpoint, as saved (alerts as the store would keep them after it). */
  checkpoints: CheckpointData[] = [];
  async putCheckpoint(data: CheckpointData) {
    this.checkpoints.push(structuredClone(data));
    if (data.alerts) this.alerts = structuredClone(data.alerts);
  }
  /** How many times the alerts were written at the end (not left as the checkpoint put them). */
  resultWrites = 0;
  async putResults(
    alerts: AlertBody[] | null,
    reports: StoredReport[],
    profile: FieldProfile | null,
  ) {
    if (alerts) {
      this.alerts = structuredClone(alerts);
      this.resultWrites++;
    }
    this.reports = structuredClone(reports);
    this.profile = profile;
  }
}

let ids = 0;
export function scanRequest(
  files: ScanFile[],
  sink: ScanSink,
  extra: Partial<ScanRequest> = {},
): ScanRequest {
  return {
    sessionId: 'session-1',
    scanId: 'scan-1',
    files,
    rules: builtinRunnable(),
    // As the page's scan: no language, each alert's steps are explained when it is opened.
    ingest: ingestFile,
    sink,
    signal: new AbortController().signal,
    onProgress: () => undefined,
    newId: () => `id-${++ids}`,
    ...extra,
  };
}

/**
 * The sink's reports with the near-miss counts they wait for taken from its chunks, as the
 * page's worker takes them from the stored events after a scan (services/near-miss.ts).
 */
export async function countedReports(
  sink: MemorySink,
  rules: readonly RunnableRule[] = builtinRunnable(),
): Promise<StoredReport[]> {
  const waiting = sink.reports.find((r) => r.counting)?.counting;
  if (!waiting) return sink.reports;
  const got = await countNearMisses(
    rules,
    sink.chunks.filter((c) => waiting.files.includes(c.file)).map(chunkBatch),
  );
  const counted = new Map(rules.map((rule, q) => [rule.id, { rule, counts: got!.counts[q] }]));
  return completeReports(sink.reports, waiting.id, counted, got!.events, sink.profile);
}

export { runScan };
