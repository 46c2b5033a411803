// Streaming behaviour: cancellation, batches, and memory that does not grow with the input.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ingestFile, type ByteSource } from '../../src/ingest/index.ts';

const line = (i: number) =>
  JSON.stringify({
    EventID: 1,
    Channel: 'Microsoft-Windows-Sysmon/Operational',
    SourceName: 'Microsoft-Windows-Sysmon',
    Hostname: `HOST${i % 7}.example.local`,
    UtcTime: new Date(Date.UTC(2024, 0, 1) + i).toISOString().replace('T', ' ').replace('Z', ''),
    ProcessId: String(1000 + (i % 5000)),
    Image: 'C:\\Windows\\System32\\cmd.exe',
    CommandLine: `cmd.exe /c echo ${i}`,
    ParentImage: 'C:\\Windows\\explorer.exe',
  }) + '\n';

/** A synthetic NDJSON source of `records` lines, produced lazily in ~64 KiB chunks. */
function lazySource(records: number): ByteSource {
  const enc = new TextEncoder();
  return {
    name: 'lazy.ndjson',
    async *stream() {
      let buf = '';
      for (let i = 0; i < records; i++) {
        buf += line(i);
        if (buf.length > 65536) {
          yield enc.encode(buf);
          buf = '';
        }
      }
      if (buf) yield enc.encode(buf);
    },
  };
}

describe('ingestFile streaming', () => {
  it('delivers batches of the requested size and counts every record', async () => {
    const sizes: number[] = [];
    const diag = await ingestFile(lazySource(2000), (b) => void sizes.push(b.length), {
      batchSize: 300,
    });
    expect(sizes.slice(0, -1).every((n) => n === 300)).toBe(true);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(diag.records).toMatchObject({ read: 2000, mapped: 2000, skipped: 0 });
    expect(diag.hosts).toHaveLength(7);
  });

  it('an aborted signal rejects promptly with an AbortError', async () => {
    const ctl = new AbortController();
    let batches = 0;
    const run = ingestFile(
      lazySource(1_000_000),
      () => {
        if (++batches === 3) ctl.abort();
      },
      { signal: ctl.signal },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBeLessThan(10);
    const pre = new AbortController();
    pre.abort();
    await expect(
      ingestFile(lazySource(10), () => {}, { signal: pre.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
  });

  it('memory does not grow with the input (120k records, ~36 MB, streamed)', async () => {
    // What the reading keeps alive, measured after a full collection each time: the heap's
    // peak would count garbage too, and that depends on what ran before in this process.
    const gc = fullCollection();
    gc();
    const before = process.memoryUsage().heapUsed;
    let kept = 0;
    let seen = 0;
    const diag = await ingestFile(lazySource(120_000), (b) => {
      seen += b.length;
      if (seen % 20_480 >= b.length) return;
      gc();
      kept = Math.max(kept, process.memoryUsage().heapUsed - before);
    });
    expect(diag.records.read).toBe(120_000);
    // The documents are dropped by the consumer: what stays is the reading's own state (~2 MB
    // here). A consumer that kept the batches made it 161 MB.
    expect(kept).toBeLessThan(20 * 1024 * 1024);
  }, 120_000);
});

/** A full garbage collection on demand (V8's `gc`, made available at run time). */
function fullCollection(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

describe('normalize: false', () => {
  it('passes JSON records through as read and still counts them per channel and event id', async () => {
    const diag = await ingestFile(lazySource(50), () => {}, { normalize: false });
    expect(diag.records).toMatchObject({ read: 50, mapped: 0, passedThrough: 50 });
    expect(diag.eventCounts).toEqual({ 'Microsoft-Windows-Sysmon/Operational|1': 50 });
  });
});
