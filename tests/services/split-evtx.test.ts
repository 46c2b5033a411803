// A large raw .evtx read by several readers at once, in chunk ranges (split-read.ts), gives
// exactly what one reader gives: the file row (records, chunks read, damage with its chunk
// offsets), the alerts with their evidence (a sequence whose steps lie in different ranges
// included), the reports, and every stored event with the same record number and line.
// SYNTHETIC data: bench/evtx-data.ts's writer-made Sysmon/Security log, damaged on purpose.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticEvtx } from '../../bench/evtx-data.ts';
import { rawRecord } from '../../src/ingest/evtx/record-xml.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { builtinRules } from '../../src/rules/index.ts';
import { winrmSequentRule } from '../../src/rules/builtin/winrm-sequent.ts';
import type { Rule } from '../../src/rules/model.ts';
import { answeredAtCancel } from '../../src/worker/app/cancel-answer.ts';
import { collectFile, collectRange } from '../../src/worker/app/collect-file.ts';
import { sha256Hex } from '../../src/worker/app/digest.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { EventChunk } from '../../src/worker/app/model.ts';
import type { IngestFn, RemoteReader } from '../../src/worker/app/scan-request.ts';
import { compileOptionsOf, runnable } from '../../src/worker/app/rule-view.ts';
import type { RunnableRule } from '../../src/worker/app/model.ts';
import { bytesFile, MemorySink, runScan, scanRequest } from './helpers.ts';

const HEADER = 4096;
const CHUNK = 65536;
const dir = mkdtempSync(join(tmpdir(), 'sequent-split-evtx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const language = (rule: Rule) => eqlLanguage(compileOptionsOf(rule));

function rule(id: string, query: string): Rule {
  return { ...winrmSequentRule(), id, name: id, query, max_signals: 1000 } as Rule;
}

/** Rules that fire all over the SYNTHETIC log, one of them a sequence across events. */
const rules: Rule[] = [
  rule('whoami', 'process where process.name : "cmd.exe" and process.command_line : "*whoami*"'),
  rule(
    'shell-then-winrm',
    'sequence by host.name with maxspan=10m [process where process.name : "powershell.exe"] ' +
      '[network where destination.port == 5985]',
  ),
  rule('logons', 'authentication where event.code == "4624" and winlog.logon.type : "Network"'),
  ...builtinRules(),
];
const runnables = rules
  .map((r) => runnable(r, language))
  .filter((r): r is RunnableRule => r !== null);

/**
 * A helper worker's side, in this process: every message crosses a structured clone. Each
 * chunk is stored once `gate` settles.
 */
function reader(
  stored: EventChunk[],
  ranges: number[],
  hashed: string[] = [],
  signal = new AbortController().signal,
  ingest: IngestFn = ingestFile,
  gate: () => Promise<void> = async () => undefined,
): RemoteReader {
  const ctx = {
    ingest,
    putChunk: async (chunk: EventChunk) => {
      await gate();
      stored.push(structuredClone(chunk));
    },
    language,
    signal,
  };
  return {
    read: (job, onFeed) =>
      collectFile(
        { ...structuredClone({ ...job, file: undefined }), file: job.file, rules },
        (feed, p) => onFeed(structuredClone(feed), p),
        ctx,
      ),
    readRange: async (file, job, base, onFeed, dedupe, readEnded, numbered) => {
      ranges.push(job.range.firstChunk);
      return structuredClone(
        await collectRange(
          { ...structuredClone(job), file, rules },
          async () => structuredClone(await base()),
          (feed, p) => onFeed(structuredClone(feed), p),
          ctx,
          async (keys) => dedupe(structuredClone(keys)),
          // As the page's helpers are called: the reader reads on, the next range numbers on.
          () => readEnded?.(),
          (next) => numbered?.(structuredClone(next)),
        ),
      );
    },
    sha256: async (file) => {
      hashed.push(file.name);
      return sha256Hex(file);
    },
  };
}

/**
 * Every stored event in record order, with the numbers evidence and the timeline use; a raw
 * .evtx record as the XML text the timeline shows of it.
 */
function storedEvents(chunks: EventChunk[]) {
  const sorted = [...chunks].sort((a, b) => a.chunkIndex - b.chunkIndex);
  expect(new Set(sorted.map((c) => c.chunkIndex)).size).toBe(sorted.length);
  return sorted.flatMap((c) =>
    c.events.map((doc, j) => ({
      file: c.file,
      record: c.firstRecord + j,
      line: c.lines[j],
      text: c.texts?.[j],
      raw: rawRecord(c.raws[j]),
      doc,
    })),
  );
}

describe('a large .evtx read in chunk ranges by several readers', () => {
  it('gives the file row, alerts, reports and stored events of one reader', async () => {
    const bytes = new Uint8Array(readFileSync(syntheticEvtx(2, dir)));
    const chunks = (bytes.length - HEADER) / CHUNK;
    expect(chunks).toBe(33);
    // Damage: the records CRC of the last chunk of a range and of the first of the next
    // (ranges are 3 chunks: 3..5, 6..8), one in the middle of a later range, and a cut end.
    for (const c of [5, 6, 10]) bytes[HEADER + c * CHUNK + 700] ^= 0xff;
    const cut = bytes.subarray(0, bytes.length - 1000);
    writeFileSync(join(dir, 'damaged.evtx'), cut);
    const file = bytesFile(cut, 'damaged.evtx');

    const localSink = new MemorySink();
    const local = await runScan(scanRequest([file], localSink, { rules: runnables }));
    const stored: EventChunk[] = [];
    const ranges: number[] = [];
    const hashed: string[] = [];
    const sink = new MemorySink();
    const split = await runScan(
      scanRequest([file], sink, {
        rules: runnables,
        readers: [reader(stored, ranges, hashed), reader(stored, ranges, hashed)],
        split: { minBytes: 0, rangeBytes: 3 * CHUNK },
      }),
    );

    // It was split: the helpers read ranges, this worker the rest.
    expect(ranges.length).toBeGreaterThan(2);
    expect(ranges.length).toBeLessThan(11);
    expect(stored.length).toBeGreaterThan(0);
    expect(sink.chunks.length).toBeGreaterThan(0);

    const row = local.files[0];
    expect(row.status).toBe('done');
    // Hashed (beside the reading: no other file could be its twin), split or not; split, by a
    // helper, as this worker numbers and collects every range.
    expect(row.sha256).toBe(createHash('sha256').update(cut).digest('hex'));
    expect(hashed).toEqual(['damaged.evtx']);
    // The damaged chunks are read too, each record checked on its own (src/ingest/evtx/chunk.ts).
    expect(row.evtx).toMatch(
      /^evtx: 33 chunks \(4 cut short or failing their checksums: their records were checked one by one\) and \d+ records read; /,
    );
    // Each damaged chunk reported, at its own offset in the file.
    const reported = row.errors.map((e) => Math.floor((e.offset - HEADER) / CHUNK));
    expect([...new Set(reported)]).toEqual([5, 6, 10, 32]);
    const view = (r: typeof local) => ({
      alerts: r.alerts.map((a) => ({
        ...a,
        steps: a.steps.map((s) => ({ ...s, explanation: null })),
      })),
      reports: r.reports,
      files: r.files.map(({ id: _id, ...f }) => f),
      events: r.events,
    });
    expect(view(split)).toEqual(view(local));
    // A raw .evtx has no lines: evidence numbers its events by record.
    const steps = local.alerts.flatMap((a) => a.steps).filter((s) => !s.missing);
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => s.evtxRecord === true && s.line! >= 1)).toBe(true);
    const byRule = (id: string) => local.alerts.filter((a) => a.ruleId === id).length;
    expect(byRule('whoami')).toBeGreaterThan(100);
    expect(byRule('shell-then-winrm')).toBeGreaterThan(3);
    expect(byRule('logons')).toBeGreaterThan(10);
    expect(storedEvents([...stored, ...sink.chunks])).toEqual(storedEvents(localSink.chunks));
  }, 120_000);

  it('a file that may be a twin is hashed before its ranges are numbered: a copy is a duplicate', async () => {
    const bytes = new Uint8Array(readFileSync(syntheticEvtx(2, dir)));
    const stored: EventChunk[] = [];
    const ranges: number[] = [];
    const sink = new MemorySink();
    const scan = await runScan(
      scanRequest([bytesFile(bytes, 'a.evtx'), bytesFile(bytes.slice(), 'copy.evtx')], sink, {
        rules: runnables,
        readers: [reader(stored, ranges), reader(stored, ranges)],
        split: { minBytes: 0, rangeBytes: 3 * CHUNK },
      }),
    );
    const [a, copy] = scan.files;
    expect(ranges.length).toBeGreaterThan(2);
    expect(a.status).toBe('done');
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(copy).toMatchObject({ status: 'duplicate', duplicateOf: 'a.evtx', sha256: a.sha256 });
    // Nothing of the copy was stored or counted.
    expect(new Set([...stored, ...sink.chunks].map((c) => c.file))).toEqual(new Set([0]));
  }, 120_000);

  it('cancelled, its row says what its ranges read: shape, hosts and the events kept', async () => {
    const bytes = new Uint8Array(readFileSync(syntheticEvtx(2, dir)));
    const stored: EventChunk[] = [];
    const ranges: number[] = [];
    const sink = new MemorySink();
    const controller = new AbortController();
    const { signal } = controller;
    // Cancelled a third of the way (1,815 events): some ranges read, others part way.
    let read = 0;
    const ingest: IngestFn = (source, onBatch, options) =>
      ingestFile(
        source,
        (events, info) => {
          if ((read += events.length) > 600) controller.abort();
          return onBatch(events, info);
        },
        options,
      );
    const scan = await runScan(
      scanRequest([bytesFile(bytes, 'big.evtx')], sink, {
        rules: runnables,
        signal,
        ingest,
        readers: [reader(stored, ranges, [], signal, ingest)],
        split: { minBytes: 0, rangeBytes: 3 * CHUNK },
      }),
    );
    const [row] = scan.files;
    expect(scan.cancelled).toBe(true);
    expect(row.status).toBe('cancelled');
    expect(row.source).toBe('evtx');
    expect(row.hosts.length).toBeGreaterThan(0);
    expect(row.evtx).toMatch(/^evtx: \d+ chunks and \d+ records read/);
    expect(row.records).toBeGreaterThan(0);
    expect(row.mapped).toBeGreaterThan(0);
    // Its count is what is stored of it (the last writes land behind a cancel).
    const kept = () => [...stored, ...sink.chunks].reduce((n, c) => n + c.events.length, 0);
    await expect.poll(kept).toBe(row.records);
  }, 120_000);

  /**
   * Cancels a scan of the SYNTHETIC 2 MB log, read by this worker and one helper (answered at
   * once by the cancel, cancel-answer.ts), when `cancelAt` says; the helper hears of the cancel
   * only once the scan has answered (a busy worker's cancelScan message comes late), its writes
   * waiting meanwhile. `slowHelper` delays each of the helper's dedupe answers.
   */
  async function cancelWhileHelperReads(
    cancelAt: (cancel: () => void) => { events(n: number): void; helperFed(): void },
    slowHelper = 0,
  ) {
    const bytes = new Uint8Array(readFileSync(syntheticEvtx(2, dir)));
    const stored: EventChunk[] = [];
    const sink = new MemorySink();
    const scanCancel = new AbortController();
    const helperCancel = new AbortController();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const gate = () => (scanCancel.signal.aborted ? released : Promise.resolve());
    const when = cancelAt(() => scanCancel.abort());
    const ingest: IngestFn = (source, onBatch, options) =>
      ingestFile(
        source,
        (events, info) => {
          when.events(events.length);
          return onBatch(events, info);
        },
        options,
      );
    const helper = reader(stored, [], [], helperCancel.signal, ingest, gate);
    const watched: RemoteReader = {
      ...helper,
      readRange: (file, job, base, onFeed, dedupe, ...rest) =>
        helper.readRange!(
          file,
          job,
          base,
          (feed, p) => {
            when.helperFed();
            return onFeed(feed, p);
          },
          async (keys) => {
            await new Promise((resolve) => setTimeout(resolve, slowHelper));
            return dedupe(keys);
          },
          ...rest,
        ),
    };
    const scan = await runScan(
      scanRequest([bytesFile(bytes, 'big.evtx')], sink, {
        rules: runnables,
        signal: scanCancel.signal,
        ingest,
        readers: [answeredAtCancel(watched, scanCancel.signal)],
        split: { minBytes: 0, rangeBytes: 3 * CHUNK },
      }),
    );
    release();
    helperCancel.abort();
    const kept = () => [...stored, ...sink.chunks].reduce((n, c) => n + c.events.length, 0);
    return { scan, kept };
  }

  it('cancelled while a helper reads a range: answered at once, its row made again from the helper', async () => {
    let read = 0;
    const { scan, kept } = await cancelWhileHelperReads((cancel) => ({
      events: (n) => {
        if ((read += n) > 600) cancel();
      },
      helperFed: () => undefined,
    }));
    expect(scan.cancelled).toBe(true);
    const [first] = scan.files;
    expect(first.status).toBe('cancelled');
    const late = await scan.late!;
    expect(late.map((l) => l.index)).toEqual([0]);
    const { row } = late[0];
    expect(row).toMatchObject({ id: first.id, status: 'cancelled', source: 'evtx' });
    expect(row.hosts.length).toBeGreaterThan(0);
    expect(row.evtx).toMatch(/^evtx: \d+ chunks and \d+ records read/);
    // Its count is what is stored of it, by this worker and the helper.
    await expect.poll(kept).toBe(row.records);
    expect(row.records).toBeGreaterThanOrEqual(first.records);
    expect(row.records).toBeLessThan(5000);
  }, 120_000);

  it('cancelled while a slow helper numbers a range and this worker waits with the next: each counted once', async () => {
    // The helper's range is part way numbered (its first batch handed on) and this worker has
    // read the next range, holding it for its turn, when the cancel comes.
    let fed = false;
    const { scan, kept } = await cancelWhileHelperReads(
      (cancel) => ({
        events: () => undefined,
        helperFed: () => {
          if (!fed) setTimeout(cancel, 600);
          fed = true;
        },
      }),
      250,
    );
    expect(scan.cancelled).toBe(true);
    const late = await scan.late!;
    expect(late).toHaveLength(1);
    await expect.poll(kept).toBe(late[0].row.records);
    expect(late[0].row.records).toBeGreaterThan(0);
  }, 120_000);
});
