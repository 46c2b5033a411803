// Throughput of the whole scan pipeline (ingest, hashing, collection, correlation, evidence)
// on synthetic telemetry, with a sink that only counts. Prints the numbers the report quotes;
// the floor is loose (a shared 2-core machine under load) so that only a pathological
// slowdown fails it.
import { describe, expect, it } from 'vitest';
import { generateTelemetry, plantedTruth } from '../../src/demo/index.ts';
import type { ScanSink } from '../../src/worker/app/scan-request.ts';
import { runScan, scanRequest } from './helpers.ts';

const OPTIONS = {
  events: 20_000,
  hosts: 12,
  seed: 'services-throughput',
  planted: 4,
  plantedSysmon: 2,
  start: '2024-06-01T00:00:00.000Z',
};

class CountingSink implements ScanSink {
  chunks = 0;
  async putFile() {}
  async putChunk() {
    this.chunks++;
  }
  async dropEvents() {}
  async putResults() {}
  async putCheckpoint() {}
}

describe('scan throughput', () => {
  it('scans synthetic telemetry split over files and finds every planted sequence', async () => {
    const docs = [...generateTelemetry(OPTIONS)];
    const lines = docs.map((d) => JSON.stringify(d) + '\n');
    const parts = 3;
    const files = Array.from({ length: parts }, (_, i) => {
      const blob = new Blob(lines.filter((_, j) => j % parts === i));
      return {
        name: `part-${i}.ndjson`,
        size: blob.size,
        stream: () => blob.stream() as ReadableStream<Uint8Array>,
        arrayBuffer: () => blob.arrayBuffer(),
      };
    });
    const bytes = files.reduce((n, f) => n + f.size, 0);
    const sink = new CountingSink();
    const started = performance.now();
    const result = await runScan(scanRequest(files, sink));
    const seconds = (performance.now() - started) / 1000;
    const planted = plantedTruth(OPTIONS);
    console.log(
      `services pipeline: ${result.events} events, ${(bytes / 1e6).toFixed(1)} MB in ${seconds.toFixed(2)} s = ` +
        `${Math.round(result.events / seconds)} events/s, ${(bytes / 1e6 / seconds).toFixed(1)} MB/s; ${result.alerts.length} alerts`,
    );
    expect(result.events).toBe(OPTIONS.events);
    expect(result.alerts.length).toBe(planted.length);
    expect(sink.chunks).toBe(Math.ceil(OPTIONS.events / parts / 2000) * parts);
    expect(result.events / seconds).toBeGreaterThan(500);
  });
});
