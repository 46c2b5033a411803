// Storage full during a scan: the scan asks (once) instead of dropping the events by itself,
// waits for the answer, and then stores only alerts (the events freed) or stops keeping what
// was stored. The quota is the MemorySink's (a real QuotaExceededError after N chunks); the
// browser's own quota is tests/browser/app-storage-full.spec.ts.
import { describe, expect, it } from 'vitest';
import type { ScanProgress, StorageChoice } from '../../src/worker/app-api.ts';
import { StorageFullPrompt } from '../../src/worker/app/storage-full.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest } from './helpers.ts';

/** A sink whose results write is refused once (the alerts find no room). */
class FullAtResults extends MemorySink {
  refused = 0;
  override async putResults(...args: Parameters<MemorySink['putResults']>) {
    if (!this.dropped) {
      this.refused++;
      throw new DOMException('quota', 'QuotaExceededError');
    }
    await super.putResults(...args);
  }
}

describe('storage full during a scan', () => {
  it('asks once, and "keep only alerts" frees the events and keeps every alert', async () => {
    const files = [await scanFile(fixture('winrm-positive.ndjson'))];
    const sink = new MemorySink();
    sink.quotaAfter = 1;
    let asked = 0;
    const result = await runScan(
      scanRequest(files, sink, {
        chunkSize: 2,
        onStorageFull: async () => {
          asked++;
          // Nothing was dropped before the user answered.
          expect(sink.dropped).toBe(false);
          expect(sink.chunks).toHaveLength(1);
          return 'alerts-only';
        },
      }),
    );
    expect(asked).toBe(1);
    expect(result.cancelled).toBe(false);
    expect(result.storage).toBe('alerts-only');
    expect(sink.dropped).toBe(true);
    expect(result.alerts).toHaveLength(2);
    expect(sink.alerts).toHaveLength(2);
  });

  it('"stop" ends the scan as a cancel and keeps what was stored', async () => {
    const files = [
      await scanFile(fixture('winrm-positive.ndjson')),
      await scanFile(fixture('winrm-positive.ndjson'), 'second.ndjson'),
    ];
    const sink = new MemorySink();
    sink.quotaAfter = 1;
    const controller = new AbortController();
    const result = await runScan(
      scanRequest(files, sink, {
        chunkSize: 2,
        signal: controller.signal,
        onStorageFull: async () => {
          controller.abort();
          return 'stop';
        },
      }),
    );
    expect(result.cancelled).toBe(true);
    expect(sink.dropped).toBe(false);
    expect(sink.chunks).toHaveLength(1);
    expect(result.files.map((f) => f.status)).toEqual(['cancelled', 'cancelled']);
    expect(result.storage).toBe('full');
  });

  it('no room for the alerts: asks, frees the events, then saves them', async () => {
    const files = [await scanFile(fixture('winrm-positive.ndjson'))];
    const sink = new FullAtResults();
    const result = await runScan(
      scanRequest(files, sink, { onStorageFull: async () => 'alerts-only' as const }),
    );
    expect(sink.refused).toBe(1);
    expect(result.storage).toBe('alerts-only');
    expect(sink.alerts).toHaveLength(2);
  });
});

describe('StorageFullPrompt', () => {
  const progress = (): ScanProgress => ({
    scanId: 's',
    files: [],
    bytesRead: 1,
    bytesTotal: 2,
    events: 3,
    eventsPerSecond: 0,
    elapsedMs: 0,
    etaMs: null,
    alerts: 1,
    phase: 'reading',
  });
  const estimate = async () => ({ usage: 900, quota: 1000 });

  it('shows the question on the progress, with usage and quota, until answered', async () => {
    const sent: ScanProgress[] = [];
    let stopped = 0;
    const prompt = new StorageFullPrompt(
      (p) => sent.push(p),
      new AbortController().signal,
      () => stopped++,
      estimate,
    );
    prompt.progress(progress());
    const choice = prompt.ask();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent.at(-1)?.storageFull).toEqual({ usage: 900, quota: 1000, choice: null });
    prompt.answer('stop');
    expect(await choice).toBe('stop');
    expect(stopped).toBe(1);
    expect(sent.at(-1)?.storageFull?.choice).toBe('stop');
    // Asked once: a later refusal gets the same answer without a new question.
    expect(await prompt.ask()).toBe('stop');
    prompt.answer('alerts-only');
    expect(prompt.full?.choice).toBe('stop');
  });

  it('a cancel while the question stands is a stop', async () => {
    const controller = new AbortController();
    const prompt = new StorageFullPrompt(
      () => undefined,
      controller.signal,
      () => undefined,
      estimate,
    );
    const choice: Promise<StorageChoice> = prompt.ask();
    await new Promise((r) => setTimeout(r, 0));
    controller.abort();
    expect(await choice).toBe('stop');
  });
});
