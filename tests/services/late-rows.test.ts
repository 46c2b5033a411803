// A cancel answers at once for files its helpers still read (cancel-answer.ts), and each such
// file's row is made again from the helper's own account once it comes (late-rows.ts): what
// it read, its shape and hosts, and a count equal to what it stored. The helper here runs
// collectFile in this process; its cancel reaches it only after the scan has answered, as a
// cancelScan message reaches a busy worker late.
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.ts';
import { builtinRules } from '../../src/rules/index.ts';
import { answeredAtCancel } from '../../src/worker/app/cancel-answer.ts';
import { collectFile } from '../../src/worker/app/collect-file.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { EventChunk } from '../../src/worker/app/model.ts';
import type { RemoteReader } from '../../src/worker/app/scan-request.ts';
import { compileOptionsOf } from '../../src/worker/app/rule-view.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest, sharedOrSkip } from './helpers.ts';

/**
 * A helper that stores what it reads in `stored` (each chunk once `gate` settles), and tells
 * when its read has ended.
 */
function helper(
  stored: EventChunk[],
  signal: AbortSignal,
  ended: () => void,
  gate: () => Promise<void> = async () => undefined,
): RemoteReader {
  return {
    read: (job, onFeed, dedupe) =>
      collectFile(
        { ...structuredClone({ ...job, file: undefined }), file: job.file, rules: builtinRules() },
        (feed, p) => onFeed(structuredClone(feed), p),
        {
          ingest: ingestFile,
          putChunk: async (chunk) => {
            await gate();
            stored.push(structuredClone(chunk));
          },
          language: (rule) => eqlLanguage(compileOptionsOf(rule)),
          signal,
        },
        dedupe,
      ).finally(ended),
  };
}

describe('a file a helper reads when the scan is cancelled', () => {
  it('is answered for at once, and its row comes again from what the helper read', async () => {
    const empire = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    if (!empire) return;
    const files = [await scanFile(empire), await scanFile(fixture('winrm-positive.ndjson'))];
    const scanCancel = new AbortController();
    const helperCancel = new AbortController();
    const stored: EventChunk[] = [];
    let helperEnded = false;
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    // After the cancel, the helper's writes wait until the scan has answered.
    const gate = () => (scanCancel.signal.aborted ? released : Promise.resolve());
    const plain = helper(stored, helperCancel.signal, () => (helperEnded = true), gate);
    let feeds = 0;
    const reader: RemoteReader = answeredAtCancel(
      {
        read: (job, onFeed, dedupe) =>
          plain.read(
            job,
            (feed, p) => {
              // The user cancels once the helper has handed on some of the file.
              if (++feeds === 2) scanCancel.abort();
              return onFeed(feed, p);
            },
            dedupe,
          ),
      },
      scanCancel.signal,
    );
    const sink = new MemorySink();
    const scan = await runScan(
      scanRequest(files, sink, { readers: [reader], signal: scanCancel.signal, chunkSize: 500 }),
    );
    // The cancel did not wait for the helper.
    expect(scan.cancelled).toBe(true);
    expect(helperEnded).toBe(false);
    const [first] = scan.files;
    expect(first.status).toBe('cancelled');
    expect(first.records).toBe(0);
    release();
    helperCancel.abort();

    const late = await scan.late!;
    expect(helperEnded).toBe(true);
    expect(late.map((l) => l.index)).toEqual([0]);
    const { row } = late[0];
    expect(row.id).toBe(first.id);
    expect(row.status).toBe('cancelled');
    expect(row.source).toBe('otrf-nxlog');
    expect(row.hosts.length).toBeGreaterThan(0);
    expect(row.timeRange).not.toBeNull();
    // Its count is what the helper stored of it: more than was handed on before the cancel,
    // less than the whole file.
    const kept = stored.filter((c) => c.file === 0).reduce((n, c) => n + c.events.length, 0);
    expect(row.records).toBe(kept);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(2744);
  });

  it('a scan that ends unhindered has no late rows', async () => {
    const files = [
      await scanFile(fixture('winrm-positive.ndjson')),
      await scanFile(fixture('hostile-positive.ndjson')),
    ];
    const signal = new AbortController().signal;
    const stored: EventChunk[] = [];
    const reader = answeredAtCancel(
      helper(stored, signal, () => undefined),
      signal,
    );
    const scan = await runScan(scanRequest(files, new MemorySink(), { readers: [reader] }));
    expect(scan.cancelled).toBe(false);
    expect(stored.length).toBeGreaterThan(0);
    expect(scan.late).toBeUndefined();
  });
});
