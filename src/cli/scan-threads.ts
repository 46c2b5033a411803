// `sequent scan --threads N`: the collect phase spread over worker threads. The work is cut
// into units — whole files, newline-aligned byte ranges of large plain NDJSON files, and
// ranges of whole 64 KiB chunks of large raw .evtx files — that idle workers pull one at a time. Each worker compiles the rules itself (closures do not
// cross threads) and hands back one candidate batch per unit, packed in columns
// (src/engine/packed-batch.ts): the correlator takes its rows without making objects of
// them. Records are numbered within
// a unit; once a file's units are in, their numbers are shifted by the records before them,
// so the correlator sees exactly the (file, record) order one thread would have produced.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { basename } from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { Correlator, PackedBatch, PlanStats } from '../engine/index.ts';
import { chunkRanges, isEvtx } from '../ingest/evtx/index.ts';
import type { FileDiagnostics } from '../ingest/index.ts';
import { addSpanAndEvtx } from '../ingest/merge-ranges.ts';
import { mergeProfiles } from '../ingest/profile.ts';
import { UnitChecks, type UnitKeys } from './scan-admission.ts';
import { WORKER_READ_BYTES } from './scan-collect.ts';
import type { WorkerJob } from './scan-worker.ts';

export interface WorkUnit {
  readonly id: number;
  readonly file: number;
  readonly path: string;
  readonly start: number;
  /** Exclusive; the file's size for a whole file. */
  readonly end: number;
  /** A range of a raw .evtx: its first chunk's number (the worker reads the header first). */
  readonly evtxChunk?: number;
  /** Collected again: the records (numbered within the unit) that earlier ones brought. */
  readonly skip?: readonly number[];
  /** Whether records known by their text are keyed: only another file can repeat them. */
  readonly texts?: boolean;
}

export interface UnitResult {
  readonly id: number;
  readonly batch: PackedBatch;
  /** The keys of the events a stage took, to check in file order (not when collected again). */
  readonly keys?: UnitKeys;
  readonly diag: FileDiagnostics;
  readonly records: number;
  readonly newlines: number;
  /** The worker's plan figures so far (cumulative over its units). */
  readonly plan: PlanStats;
  readonly worker: number;
}

/** Starts a worker running `runScanWorker` of this very module, wherever it was bundled. */
export function startWorker(workerData: unknown, resourceLimits: ResourceLimits = {}): Worker {
  const self = JSON.stringify(import.meta.url);
  return new Worker(`import(${self}).then((m) => m.runScanWorker())`, {
    eval: true,
    workerData,
    resourceLimits,
  });
}

const NEWLINE = 10;

function headOf(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(8);
    return head.subarray(0, readSync(fd, head, 0, 8, 0));
  } finally {
    closeSync(fd);
  }
}

/** Header bytes the worker reads before an .evtx range (the reader takes the header first). */
const EVTX_HEADER = 4096;

/** The errors a file's diagnostics keep (ingestFile's default `maxErrors`). */
const MAX_ERRORS = 20;

/** The first byte after the newline at or after `from` (or `size`). */
function lineStartAfter(fd: number, from: number, size: number): number {
  const buf = new Uint8Array(1 << 16);
  for (let pos = from; pos < size; pos += buf.length) {
    const n = readSync(fd, buf, 0, buf.length, pos);
    const at = buf.subarray(0, n).indexOf(NEWLINE);
    if (at >= 0) return pos + at + 1;
    if (n === 0) break;
  }
  return size;
}

/**
 * Whole files; large plain NDJSON files in ranges of about `chunkBytes` ending at a newline;
 * large raw .evtx files in ranges of about `chunkBytes` of whole chunks.
 */
export function workUnits(
  files: readonly { path: string; size: number }[],
  chunkBytes: number,
): WorkUnit[] {
  const units: WorkUnit[] = [];
  const texts = files.length > 1;
  files.forEach(({ path, size }, file) => {
    const head = size < 2 * chunkBytes ? null : headOf(path);
    if (head && isEvtx(head)) {
      for (const r of chunkRanges(size, chunkBytes))
        units.push({
          id: units.length,
          file,
          path,
          start: r.start,
          end: r.end,
          evtxChunk: r.firstChunk,
          texts,
        });
      return;
    }
    if (!head || head[0] !== 0x7b) {
      // Not `{` at byte 0 (a BOM, gzip, XML...): read whole.
      units.push({ id: units.length, file, path, start: 0, end: size, texts });
      return;
    }
    const fd = openSync(path, 'r');
    try {
      let start = 0;
      while (start < size) {
        const end = lineStartAfter(fd, Math.min(size, start + chunkBytes), size);
        units.push({ id: units.length, file, path, start, end, texts });
        start = end;
      }
    } finally {
      closeSync(fd);
    }
  });
  return units;
}

/** Reads a unit's bytes, counting its newlines on the way (error lines are file-relative). */
export function unitStream(unit: WorkUnit, counted: { newlines: number }) {
  return async function* (): AsyncGenerator<Uint8Array> {
    if (unit.end <= unit.start) return;
    if (unit.evtxChunk !== undefined) {
      // The file header, then the range's chunks (a file too short for both: read whole);
      // binary, so no lines to count.
      if (unit.start >= EVTX_HEADER)
        yield* createReadStream(unit.path, { start: 0, end: EVTX_HEADER - 1 });
      yield* createReadStream(unit.path, {
        start: unit.start,
        end: unit.end - 1,
        highWaterMark: WORKER_READ_BYTES,
      }) as AsyncIterable<Buffer>;
      return;
    }
    const stream = createReadStream(unit.path, {
      start: unit.start,
      end: unit.end - 1,
      highWaterMark: WORKER_READ_BYTES,
    });
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      for (let at = chunk.indexOf(NEWLINE); at >= 0; at = chunk.indexOf(NEWLINE, at + 1))
        counted.newlines++;
      yield chunk;
    }
  };
}

export const unitName = (unit: WorkUnit) => basename(unit.path);

/** What a worker says once its young generation has grown to its limit. */
export interface Grown {
  readonly grown: true;
}

/**
 * Runs the units on `threads` workers, handing each result to `onResult` as it comes in, and
 * calling `onGrown` once every worker has grown its young generation to its limit (or
 * answered a unit). `onResult` may give back a unit to collect again (with records to skip),
 * so a worker with nothing to do waits while results are still due. The job (options and
 * rules) goes to each worker as it starts; once all have it, nothing here holds it.
 */
export function runUnits(
  units: readonly WorkUnit[],
  threads: number,
  job: WorkerJob,
  onResult: (r: UnitResult) => WorkUnit | null | void,
  resourceLimits: ResourceLimits = {},
  onGrown: () => void = () => {},
): Promise<void> {
  let next = 0;
  let rules = job.rules;
  const { options } = job;
  const again: WorkUnit[] = [];
  const idle: Worker[] = [];
  /** Units sent whose results are not in. */
  let due = 0;
  const feed = (worker: Worker) => {
    const unit = again.shift() ?? (next < units.length ? units[next++] : undefined);
    if (unit) {
      due++;
      worker.postMessage(unit);
    } else if (due > 0) idle.push(worker);
    else for (const w of [worker, ...idle.splice(0)]) w.postMessage(null);
  };
  return new Promise((resolve, reject) => {
    const count = Math.max(1, Math.min(threads, units.length));
    let running = count;
    const grown = new Set<number>();
    const grew = (w: number) => {
      if (grown.has(w)) return;
      grown.add(w);
      if (grown.size === count) onGrown();
    };
    for (let w = 0; w < count; w++) {
      // The rules by message, not as workerData: the worker can let go of them once compiled.
      const worker = startWorker({ options }, resourceLimits);
      worker.postMessage({ rules });
      worker.on('message', (r: Omit<UnitResult, 'worker'> | Grown) => {
        grew(w);
        if ('grown' in r) return;
        due--;
        try {
          const rerun = onResult({ ...r, worker: w });
          if (rerun) again.push(rerun);
        } catch (e) {
          reject(e as Error);
          return;
        }
        feed(worker);
        while (again.length > 0 && idle.length > 0) feed(idle.pop()!);
      });
      worker.on('error', reject);
      worker.on('exit', (code) => {
        if (code !== 0) reject(new Error(`scan worker ${w} exited with code ${code}`));
        else if (--running === 0) resolve();
      });
      feed(worker);
    }
    rules = null;
  });
}

/** One file's diagnostics from its ranges' (the first range's container and encoding). */
function mergeDiagnostics(
  parts: readonly Omit<UnitResult, 'batch'>[],
  units: readonly WorkUnit[],
): FileDiagnostics {
  const [first, ...rest] = parts;
  const merged: FileDiagnostics = {
    ...first.diag,
    errors: [...first.diag.errors],
    warnings: [...first.diag.warnings],
    hosts: [...first.diag.hosts],
    eventCounts: { ...first.diag.eventCounts },
    sources: { ...first.diag.sources },
    // Hints name the fields no event has: every range's fields count.
    fields: mergeProfiles(parts.map((p) => p.diag.fields)),
  };
  const evtx = units[first.id].evtxChunk !== undefined;
  // An .evtx range's errors carry file offsets already, and its records' ordinals as lines.
  let lines = evtx ? first.diag.records.read : first.newlines;
  for (const p of rest) {
    const start = units[p.id].start;
    const d = p.diag;
    merged.bytes += evtx ? d.bytes - EVTX_HEADER : d.bytes;
    merged.withoutTimestamp += d.withoutTimestamp;
    merged.records = {
      read: merged.records.read + d.records.read,
      mapped: merged.records.mapped + d.records.mapped,
      passedThrough: merged.records.passedThrough + d.records.passedThrough,
      skipped: merged.records.skipped + d.records.skipped,
    };
    for (const e of d.errors)
      merged.errors.push(
        evtx
          ? { ...e, line: e.line > 0 ? e.line + lines : 0 }
          : { ...e, line: e.line + lines, offset: e.offset + start },
      );
    lines += evtx ? d.records.read : p.newlines;
    merged.warnings.push(...d.warnings.filter((w) => !merged.warnings.includes(w)));
    merged.hosts.push(...d.hosts.filter((h) => !merged.hosts.includes(h)));
    for (const [k, n] of Object.entries(d.eventCounts))
      merged.eventCounts[k] = (merged.eventCounts[k] ?? 0) + n;
    for (const [k, n] of Object.entries(d.sources))
      merged.sources[k] = (merged.sources[k] ?? 0) + n;
    addSpanAndEvtx(merged, d);
  }
  // One thread keeps the first errors only (the ingest's default cap); so does the merge.
  merged.errors.length = Math.min(merged.errors.length, MAX_ERRORS);
  return merged;
}

/**
 * Hands the units' batches to the correlator in file order as they come in, so that the
 * candidates of units already handed over are held in the correlator's columns, not as the
 * objects a message brings. Units are numbered file by file and, within a file, by their
 * start (workUnits), so that order is theirs. Each unit's keys are checked in that order
 * too: one holding events that earlier ones brought is not handed over but collected again
 * without them (`add` gives it back), as one thread would have dropped them. What a unit
 * leaves behind is what the diagnostics need.
 */
export class Gathering {
  private readonly waiting = new Map<number, UnitResult>();
  private readonly done: Omit<UnitResult, 'batch'>[] = [];
  /**
   * Join keys seen in earlier units: a unit's keys come as fresh strings, and the correlator
   * holds one per candidate, so the same host or user key of every unit is one string, as in
   * one thread (where the collector shares them). Started afresh when full, as there.
   */
  private readonly keys = new Map<string, string>();
  /** Records of each file handed over so far: the next unit's records come after them. */
  private readonly base: number[] = [];
  private readonly checks = new UnitChecks();
  private next = 0;

  constructor(
    private readonly units: readonly WorkUnit[],
    private readonly correlator: Correlator,
  ) {}

  /** Takes a unit's result; gives back a unit to collect again, if one must be. */
  add(result: UnitResult): WorkUnit | null {
    this.waiting.set(result.id, result);
    for (let r = this.waiting.get(this.next); r; r = this.waiting.get(this.next)) {
      this.waiting.delete(this.next);
      const { batch, keys, ...rest } = r;
      const file = this.units[r.id].file;
      const skip = keys ? this.checks.check(file, keys) : [];
      if (skip.length > 0) return { ...this.units[r.id], skip };
      this.next++;
      const base = this.base[file] ?? 0;
      // Its records start after `base` records of its file.
      this.intern(batch.keys);
      this.correlator.addPacked(batch, base);
      this.base[file] = base + r.records;
      this.done.push(rest);
    }
    return null;
  }

  /** Per file, the events dropped as ones that earlier files or records brought. */
  get duplicates(): readonly number[] {
    return this.checks.duplicates;
  }

  private intern(keys: string[]): void {
    for (let i = 0; i < keys.length; i++) {
      const known = this.keys.get(keys[i]);
      if (known !== undefined) keys[i] = known;
      else {
        if (this.keys.size >= 100_000) this.keys.clear();
        this.keys.set(keys[i], keys[i]);
      }
    }
  }

  /** Per-file diagnostics and the plan's figures, once every unit is in. */
  finish(fileCount: number): { diagnostics: FileDiagnostics[]; plan: PlanStats | null } {
    if (this.next !== this.units.length)
      throw new Error(`scan: ${this.units.length - this.next} unit(s) missing`);
    const diagnostics: FileDiagnostics[] = [];
    for (let file = 0; file < fileCount; file++)
      diagnostics.push(
        mergeDiagnostics(
          this.done.filter((r) => this.units[r.id].file === file),
          this.units,
        ),
      );
    return { diagnostics, plan: mergePlanStats(this.done) };
  }
}

/** Sums the workers' plan figures (each worker's latest, cumulative one). */
function mergePlanStats(results: readonly Omit<UnitResult, 'batch'>[]): PlanStats | null {
  const latest = new Map<number, PlanStats>();
  for (const r of results) {
    const known = latest.get(r.worker);
    if (!known || r.plan.events >= known.events) latest.set(r.worker, r.plan);
  }
  const all = [...latest.values()];
  if (all.length === 0) return null;
  return all.slice(1).reduce<PlanStats>(
    (sum, p) => ({
      ...sum,
      events: sum.events + p.events,
      evaluated: sum.evaluated + p.evaluated,
      worst: Math.max(sum.worst, p.worst),
      plans: sum.plans + p.plans,
    }),
    all[0],
  );
}
