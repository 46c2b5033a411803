// A scan spread over readers (as helper workers run it) finds exactly what one worker finds.
// The readers here run collectFile in this process, and every feed crosses a structured
// clone, as it does between workers.
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.ts';
import { builtinRules } from '../../src/rules/index.ts';
import { collectFile } from '../../src/worker/app/collect-file.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { EventChunk } from '../../src/worker/app/model.ts';
import type { RemoteReader } from '../../src/worker/app/scan-request.ts';
import { compileOptionsOf } from '../../src/worker/app/rule-view.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest, sharedOrSkip } from './helpers.ts';

function reader(stored: EventChunk[], signal: AbortSignal): RemoteReader {
  return {
    read: (job, onFeed) =>
      collectFile(
        { ...structuredClone({ ...job, file: undefined }), file: job.file, rules: builtinRules() },
        (feed, p) => onFeed(structuredClone(feed), p),
        {
          ingest: ingestFile,
          putChunk: async (chunk) => void stored.push(structuredClone(chunk)),
          language: (rule) => eqlLanguage(compileOptionsOf(rule)),
          signal,
        },
      ),
  };
}

describe('a scan spread over readers', () => {
  it('gives the same alerts, evidence and reports as one worker', async () => {
    const otrf = sharedOrSkip('samples/otrf/covenant_com_wsman_automation.ndjson');
    const paths = [
      fixture('winrm-positive.ndjson'),
      fixture('malformed.ndjson'),
      fixture('hostile-positive.ndjson'),
      ...(otrf ? [otrf] : []),
    ];
    const files = await Promise.all(paths.map((p) => scanFile(p)));
    const local = await runScan(scanRequest(files, new MemorySink()));
    const stored: EventChunk[] = [];
    const controller = new AbortController();
    const sink = new MemorySink();
    const spread = await runScan(
      scanRequest(files, sink, {
        readers: [reader(stored, controller.signal), reader(stored, controller.signal)],
      }),
    );
    const view = (r: typeof local) => ({
      alerts: r.alerts.map((a) => ({
        ...a,
        steps: a.steps.map((s) => ({ ...s, explanation: null })),
      })),
      reports: r.reports,
      files: r.files.map(({ id: _id, ...f }) => f),
      events: r.events,
    });
    expect(view(spread)).toEqual(view(local));
    expect(spread.alerts.length).toBe(3);
    // The helpers stored what they read, this worker what it read: every event once.
    const chunks = [...stored, ...sink.chunks];
    expect(stored.length).toBeGreaterThan(0);
    expect(sink.chunks.length).toBeGreaterThan(0);
    expect(chunks.reduce((n, c) => n + c.events.length, 0)).toBe(local.events);
    expect(new Set(chunks.map((c) => c.chunkIndex)).size).toBe(chunks.length);
  });

  it('reads each file whole once for its SHA-256, wherever it is read', async () => {
    const paths = [
      fixture('winrm-positive.ndjson'),
      fixture('hostile-positive.ndjson'),
      fixture('malformed.ndjson'),
    ];
    const wholeReads = paths.map(() => 0);
    const files = (await Promise.all(paths.map((p) => scanFile(p)))).map((f, i) => ({
      ...f,
      arrayBuffer: () => {
        wholeReads[i]++;
        return f.arrayBuffer();
      },
    }));
    const stored: EventChunk[] = [];
    const sink = new MemorySink();
    const spread = await runScan(
      scanRequest(files, sink, { readers: [reader(stored, new AbortController().signal)] }),
    );
    // The helper read some of the files: the hash it reports is the one taken before.
    expect(stored.length).toBeGreaterThan(0);
    expect(wholeReads).toEqual(paths.map(() => 1));
    const local = await runScan(
      scanRequest(await Promise.all(paths.map((p) => scanFile(p))), new MemorySink()),
    );
    expect(spread.files.map((f) => f.sha256)).toEqual(local.files.map((f) => f.sha256));
    expect(spread.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256 ?? ''))).toBe(true);
  });
});
