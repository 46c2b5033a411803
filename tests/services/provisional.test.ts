// Issue 6: alerts appear while the scan runs. Provisional correlations over what has been
// read so far are published during the scan; the final correlation replaces them exactly.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WINRM_ELASTIC_RULE_ID } from '../../src/rules/index.ts';
import type { ScanProgress } from '../../src/worker/app-api.ts';
import { chunkBatch } from '../../src/worker/app/chunker.ts';
import type { AlertBody } from '../../src/worker/app/model.ts';
import type { ScanFile } from '../../src/worker/app/scan-request.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest, sharedOrSkip } from './helpers.ts';

/** A file made in memory from some lines of a synthetic fixture. */
function textFile(name: string, lines: string[]): ScanFile {
  const blob = new Blob([lines.join('\n') + '\n']);
  return {
    name,
    size: blob.size,
    stream: () => blob.stream() as ReadableStream<Uint8Array>,
    arrayBuffer: () => blob.arrayBuffer(),
  };
}

const positiveLines = () =>
  readFileSync(fixture('winrm-positive.ndjson'), 'utf8').split('\n').filter(Boolean);

interface Published {
  alerts: AlertBody[] | null;
  /** File statuses as the sink held them when the alerts were published. */
  statuses: string[];
}

function recorder(sink: MemorySink, fileCount: number) {
  const published: Published[] = [];
  const onProvisional = (alerts: AlertBody[] | null) => {
    const statuses = Array.from(
      { length: fileCount },
      (_, i) => sink.files.get(i)?.status ?? 'none',
    );
    published.push({ alerts: alerts && structuredClone(alerts), statuses });
  };
  return { published, onProvisional };
}

async function noisyFile(): Promise<ScanFile> {
  const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
  if (otrf) return scanFile(otrf);
  // Without the shared recording: unrelated synthetic events, many of them.
  const noise = positiveLines()[0];
  return textFile(
    'noise.ndjson',
    Array.from({ length: 5_000 }, () => noise),
  );
}

describe('provisional alerts while a scan runs', () => {
  it('publishes an alert before the last file is read, and the final alerts equal a scan without provisional runs', async () => {
    const files = [await scanFile(fixture('winrm-positive.ndjson')), await noisyFile()];
    const sink = new MemorySink();
    const { published, onProvisional } = recorder(sink, files.length);
    const progress: ScanProgress[] = [];
    const result = await runScan(
      scanRequest(files, sink, { onProvisional, onProgress: (p) => progress.push(p) }),
    );
    expect(result.cancelled).toBe(false);

    const early = published.find((p) => p.alerts?.length);
    expect(early, 'a provisional publication with alerts').toBeDefined();
    expect(early!.statuses[0]).toBe('done');
    expect(early!.statuses.at(-1)).not.toBe('done');
    // The UI reloads alerts when the count grows: it grows while the files are still read.
    expect(progress.some((p) => p.phase === 'reading' && p.alerts > 0)).toBe(true);
    // Once the final alerts are saved, the provisional ones are withdrawn.
    expect(published.at(-1)?.alerts).toBeNull();

    const plainSink = new MemorySink();
    const plain = await runScan(scanRequest(files, plainSink));
    expect(result.alerts).toEqual(plain.alerts);
    expect(sink.alerts).toEqual(plainSink.alerts);
    expect(sink.reports).toEqual(plainSink.reports);
    expect(result.alerts.length).toBeGreaterThan(0);
  });

  it('a sequence split over files appears once both halves are read, in time order whatever the file order', async () => {
    const lines = positiveLines();
    // ws1's network stage (10:00:05) and its process stage (10:00:07.5) in separate files,
    // the later half first; the rest of the fixture in a third file.
    const network = lines.filter((l) => l.includes('"h-ws1"') && l.includes('"network"'));
    const process = lines.filter((l) => l.includes('"h-ws1"') && l.includes('winrshost'));
    expect(network.length).toBeGreaterThan(0);
    expect(process.length).toBeGreaterThan(0);
    const rest = lines.filter((l) => !network.includes(l) && !process.includes(l));
    const files = [
      textFile('process.ndjson', process),
      textFile('network.ndjson', network),
      textFile('rest.ndjson', rest),
    ];
    const sink = new MemorySink();
    const { published, onProvisional } = recorder(sink, files.length);
    const result = await runScan(scanRequest(files, sink, { onProvisional }));

    const elastic = (alerts: AlertBody[] | null) =>
      (alerts ?? []).filter((a) => a.ruleId === WINRM_ELASTIC_RULE_ID);
    const afterFirst = published.find((p) => p.statuses[0] === 'done' && p.alerts);
    // The process half alone is no evidence yet.
    expect(elastic(afterFirst?.alerts ?? [])).toEqual([]);
    const complete = published.find((p) => elastic(p.alerts).length > 0);
    expect(complete?.statuses.slice(0, 2)).toEqual(['done', 'done']);
    expect(complete?.statuses[2]).not.toBe('done');
    expect(elastic(complete!.alerts).map((a) => a.host)).toEqual(['ws1']);

    const final = elastic(result.alerts);
    expect(final.map((a) => a.steps.map((s) => s.file))).toEqual([
      ['network.ndjson', 'process.ndjson'],
    ]);
    expect(elastic(complete!.alerts)).toEqual(final);
    const plain = await runScan(scanRequest(files, new MemorySink()));
    expect(result.alerts).toEqual(plain.alerts);
  });

  it('refreshes within a long file when the interval allows', async () => {
    const files = [await scanFile(fixture('winrm-positive.ndjson'))];
    const sink = new MemorySink();
    const { published, onProvisional } = recorder(sink, 1);
    // Two events a batch: the ws1 sequence completes at line 4 of 8.
    const result = await runScan(
      scanRequest(files, sink, { onProvisional, chunkSize: 2, provisionalIntervalMs: 0 }),
    );
    const midFile = published.find((p) => p.alerts?.length && p.statuses[0] === 'scanning');
    expect(midFile, 'a provisional alert while the only file is still read').toBeDefined();
    expect(result.alerts.length).toBeGreaterThan(0);
    const plain = await runScan(scanRequest(files, new MemorySink(), { chunkSize: 2 }));
    expect(result.alerts).toEqual(plain.alerts);
  });

  it('does not correlate within a file before the interval has passed', async () => {
    const files = [await scanFile(fixture('winrm-positive.ndjson'))];
    const sink = new MemorySink();
    const { published, onProvisional } = recorder(sink, 1);
    await runScan(
      scanRequest(files, sink, { onProvisional, chunkSize: 2, provisionalIntervalMs: 60_000 }),
    );
    expect(published.filter((p) => p.statuses[0] === 'scanning')).toEqual([]);
  });

  it('adding files to a session: provisional alerts include what the earlier files hold', async () => {
    const lines = positiveLines();
    const network = lines.filter((l) => l.includes('"h-ws1"') && l.includes('"network"'));
    const rest = lines.filter((l) => !network.includes(l));
    // The earlier scan read the rest (srv1's sequence and ws1's process half).
    const firstSink = new MemorySink();
    const first = await runScan(scanRequest([textFile('rest.ndjson', rest)], firstSink));
    const prior = {
      fileNames: ['rest.ndjson'],
      profiles: [],
      async *events() {
        for (const c of firstSink.chunks) yield chunkBatch(c);
      },
    };
    const files = [textFile('network.ndjson', network), await noisyFile()];
    const sink = new MemorySink();
    const { published, onProvisional } = recorder(sink, files.length + 1);
    const result = await runScan(scanRequest(files, sink, { prior, onProvisional }));

    const early = published.find((p) => p.alerts?.length);
    // Indices: the earlier file is 0, the new ones 1 and 2.
    expect(early?.statuses.slice(1)).toEqual(['done', expect.not.stringMatching(/^done$/)]);
    const hosts = (alerts: AlertBody[]) => alerts.map((a) => a.host).sort();
    expect(hosts(early!.alerts!)).toEqual(['srv1', 'ws1']);
    expect(hosts(first.alerts)).toEqual(['srv1']);
    expect(early!.alerts).toEqual(result.alerts);
    const plain = await runScan(scanRequest(files, new MemorySink(), { prior }));
    expect(result.alerts).toEqual(plain.alerts);
  });

  it('withdraws the provisional alerts when the scan is cancelled', async () => {
    const files = [await scanFile(fixture('winrm-positive.ndjson')), await noisyFile()];
    const sink = new MemorySink();
    const controller = new AbortController();
    const { published, onProvisional } = recorder(sink, files.length);
    const progress: ScanProgress[] = [];
    const result = await runScan(
      scanRequest(files, sink, {
        signal: controller.signal,
        onProgress: (p) => progress.push(p),
        onProvisional: (alerts) => {
          onProvisional(alerts);
          if (alerts?.length) controller.abort();
        },
      }),
    );
    expect(result.cancelled).toBe(true);
    expect(published[0].alerts?.length).toBeGreaterThan(0);
    expect(published.at(-1)?.alerts).toBeNull();
    // What stays is the checkpoint of the file that finished: its alerts, stored and counted.
    const kept = published[0].alerts ?? [];
    expect(sink.alerts.map((a) => a.id).sort()).toEqual(kept.map((a) => a.id).sort());
    expect(progress.at(-1)).toMatchObject({ phase: 'cancelled', alerts: kept.length });
  });
});
