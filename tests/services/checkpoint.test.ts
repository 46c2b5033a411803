// Checkpoints and resuming, on the real pipeline: a scan cut short while reading its third
// file has saved the alerts of the first two (a WinRM sequence across both), with counts that
// are what was stored; resuming reads just the third file into its own row, after its partial
// events were removed, and ends exactly where a scan of all three in one go ends. Synthetic
// data: the WinRM fixtures and generated telemetry (src/demo).
import { describe, expect, it } from 'vitest';
import { generateTelemetry } from '../../src/demo/index.ts';
import { WINRM_ELASTIC_RULE_ID } from '../../src/rules/index.ts';
import { CHUNKS_PER_FILE, chunkBatch } from '../../src/worker/app/chunker.ts';
import type { PriorData, ScanFile } from '../../src/worker/app/scan-request.ts';
import { resumePlan } from '../../src/worker/app/resume-match.ts';
import { MemorySink, runScan, scanFile, scanRequest } from './helpers.ts';
import { fileURLToPath } from 'node:url';

const synthetic = (name: string) =>
  fileURLToPath(new URL(`../fixtures/synthetic/${name}`, import.meta.url));

function telemetry(): ScanFile {
  const docs = generateTelemetry({
    events: 3_000,
    hosts: 4,
    seed: 'checkpoint-test',
    planted: 1,
    plantedSysmon: 0,
    start: '2024-06-01T00:00:00.000Z',
  });
  const blob = new Blob([...docs].map((d) => JSON.stringify(d) + '\n'));
  return {
    name: 'telemetry.ndjson',
    size: blob.size,
    stream: () => blob.stream() as ReadableStream<Uint8Array>,
    arrayBuffer: () => blob.arrayBuffer(),
  };
}

async function threeFiles(): Promise<ScanFile[]> {
  return [
    await scanFile(synthetic('winrm-positive-network.ndjson')),
    await scanFile(synthetic('winrm-positive-process.ndjson')),
    telemetry(),
  ];
}

const ids = (alerts: { id: string }[]) => alerts.map((a) => a.id).sort();
const stored = (sink: MemorySink, file?: number) =>
  sink.chunks
    .filter((c) => file === undefined || Math.floor(c.chunkIndex / CHUNKS_PER_FILE) === file)
    .reduce((n, c) => n + c.events.length, 0);

/** A scan stopped once its third file has given events, as a reload or a dead worker would. */
async function cutShort() {
  const controller = new AbortController();
  const sink = new MemorySink();
  const result = await runScan(
    scanRequest(await threeFiles(), sink, {
      signal: controller.signal,
      chunkSize: 500,
      onProgress: (p) => {
        if (p.files[2].events > 0) controller.abort();
      },
    }),
  );
  return { sink, result };
}

describe('checkpoints and resume', () => {
  it('saves the alerts of every finished file as it ends, sequences across them included', async () => {
    const whole = await runScan(scanRequest(await threeFiles(), new MemorySink()));
    const winrm = whole.alerts.filter(
      (a) =>
        a.ruleId === WINRM_ELASTIC_RULE_ID &&
        a.steps.every((s) => s.file?.startsWith('winrm-positive')),
    );
    expect(winrm).toHaveLength(1);
    expect(new Set(winrm[0].steps.map((s) => s.file)).size).toBe(2);

    const { sink, result } = await cutShort();
    expect(result.cancelled).toBe(true);
    expect(result.files.map((f) => f.status)).toEqual(['done', 'done', 'cancelled']);
    // The first save says nothing is covered yet and leaves the stored alerts alone.
    expect(sink.checkpoints[0]).toMatchObject({ alerts: null, uncorrelated: [0, 1, 2] });
    // After the first file: its half of the sequence alone is no alert.
    expect(sink.checkpoints[1].uncorrelated).toEqual([1, 2]);
    expect(sink.checkpoints[1].alerts?.some((a) => a.id === winrm[0].id)).toBe(false);
    const last = sink.checkpoints.at(-1)!;
    expect(last.uncorrelated).toEqual([2]);
    expect(last.events).toBe(stored(sink, 0) + stored(sink, 1));
    // What the store keeps: the WinRM alert of the two finished files, the same alert (same
    // id, so triage stays) that the whole scan finds; nothing made up.
    expect(ids(sink.alerts)).toContain(winrm[0].id);
    for (const id of ids(sink.alerts)) expect(ids(whole.alerts)).toContain(id);
  });

  it('resumes: only the unfinished file is read again, into its row, and nothing counts twice', async () => {
    const whole = await runScan(scanRequest(await threeFiles(), new MemorySink()));
    const { sink } = await cutShort();
    expect(stored(sink, 2)).toBeGreaterThan(0);
    const rows = [...sink.files.entries()].map(([index, f]) => ({ ...f, index }));
    const files = await threeFiles();
    const plan = resumePlan(rows, files);
    expect(plan.take.map((t) => t.row.index)).toEqual([2]);
    expect(plan.skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/already read whole/),
      expect.stringMatching(/already read whole/),
    ]);

    // As the service does: the partial events go first, then the rest is the prior data.
    sink.chunks = sink.chunks.filter((c) => Math.floor(c.chunkIndex / CHUNKS_PER_FILE) !== 2);
    const prior: PriorData = {
      fileNames: rows.map((r) => r.name),
      profiles: [],
      events: async function* () {
        for (const c of sink.chunks) yield chunkBatch(c);
      },
    };
    const resumed = await runScan(
      scanRequest(
        plan.take.map((t) => t.file),
        sink,
        {
          prior,
          chunkSize: 500,
          slots: plan.take.map((t) => ({ index: t.row.index, id: t.row.id })),
        },
      ),
    );
    expect(resumed.cancelled).toBe(false);
    expect(resumed.files.map((f) => [f.id, f.status])).toEqual([[rows[2].id, 'done']]);
    expect([...sink.files.keys()].sort()).toEqual([0, 1, 2]);
    expect(resumed.events).toBe(whole.events);
    expect(stored(sink)).toBe(whole.events);
    expect(ids(resumed.alerts)).toEqual(ids(whole.alerts));
    expect(ids(sink.alerts)).toEqual(ids(whole.alerts));
  });

  it('writes the alerts once when the last checkpoint stored them already', async () => {
    const sink = new MemorySink();
    const whole = await runScan(scanRequest(await threeFiles(), sink));
    expect(whole.alerts.length).toBeGreaterThan(0);
    // The end of the scan found the same alerts the last file's checkpoint stored.
    expect(sink.resultWrites).toBe(0);
    expect(sink.alerts).toEqual(whole.alerts);
    expect(sink.checkpoints.at(-1)!.alerts).toEqual(whole.alerts);

    // A checkpoint that could not be written does not count as stored.
    class Failing extends MemorySink {
      override async putCheckpoint(data: Parameters<MemorySink['putCheckpoint']>[0]) {
        if (data.alerts) throw new DOMException('quota', 'QuotaExceededError');
        await super.putCheckpoint(data);
      }
    }
    const failing = new Failing();
    const again = await runScan(scanRequest(await threeFiles(), failing));
    expect(failing.resultWrites).toBe(1);
    expect(ids(failing.alerts)).toEqual(ids(again.alerts));
    expect(ids(again.alerts)).toEqual(ids(whole.alerts));
  });

  it('says why a dropped file is not resumed', () => {
    const rows = [
      { id: 'a', index: 0, name: 'logs/a.ndjson', size: 10, status: 'done' },
      { id: 'b', index: 1, name: 'logs/b.ndjson', size: 20, status: 'cancelled' },
    ];
    const plan = resumePlan(rows, [
      { name: 'b.ndjson', size: 20 },
      { name: 'a.ndjson', size: 10 },
      { name: 'c.ndjson', size: 30 },
      { name: 'logs/b.ndjson', size: 20 },
    ]);
    expect(plan.take.map((t) => [t.file.name, t.row.id])).toEqual([['b.ndjson', 'b']]);
    expect(plan.skipped).toEqual([
      { name: 'a.ndjson', reason: expect.stringMatching(/already read whole \(as logs\/a/) },
      { name: 'c.ndjson', reason: expect.stringMatching(/did not finish/) },
      { name: 'logs/b.ndjson', reason: expect.stringMatching(/did not finish/) },
    ]);
  });
});
