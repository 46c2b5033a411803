// Re-attaching the original files of a session whose events the quota refused: the scan runs
// with a sink that throws QuotaExceededError on event chunks (as the pipeline's quota test
// does), then the same file is re-attached through the real matching, ingest and storing.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.ts';
import { chunkBatch } from '../../src/worker/app/chunker.ts';
import { CorrelationRun, type EventBatch } from '../../src/worker/app/correlate.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { EventChunk, RunnableRule } from '../../src/worker/app/model.ts';
import {
  AttachedEvents,
  matchFiles,
  readChunks,
  storeChunks,
  type ChunkStore,
  type KnownFile,
} from '../../src/worker/app/reattach.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest } from './helpers.ts';

class QuotaStore implements ChunkStore {
  chunks: EventChunk[] = [];
  constructor(public quotaAfter = Infinity) {}
  async putChunk(chunk: EventChunk) {
    if (this.chunks.length >= this.quotaAfter)
      throw new DOMException('quota', 'QuotaExceededError');
    this.chunks.push(structuredClone(chunk));
  }
  async removeChunks(chunks: EventChunk[]) {
    this.chunks = this.chunks.filter((c) => !chunks.some((x) => x.chunkIndex === c.chunkIndex));
  }
}

function huntRule(query: string): RunnableRule {
  return {
    id: 'hunt',
    name: 'Hunt',
    severity: 'low',
    riskScore: 0,
    maxSignals: 100,
    query: eqlLanguage().compile(query),
    compiledWith: {},
    conjuncts: [],
  };
}

function hunt(query: string, batches: Iterable<EventBatch>) {
  const run = new CorrelationRun([huntRule(query)], 100);
  for (const b of batches) run.addEvents(b);
  return run.finish('session-1', (f) => `file ${f}`, eqlLanguage()).alerts[0];
}

async function alertsOnlyScan() {
  const file = await scanFile(fixture('winrm-positive.ndjson'));
  const sink = new MemorySink();
  sink.quotaAfter = 0;
  const result = await runScan(scanRequest([file], sink, { chunkSize: 2 }));
  const known: KnownFile[] = [...sink.files].map(([index, f]) => ({
    id: f.id,
    index,
    name: f.name,
    size: f.size,
    sha256: f.sha256,
  }));
  return { result, sink, known };
}

const tmp = mkdtempSync(join(tmpdir(), 'sequent-reattach-'));
function tempFile(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe('re-attaching the files of an alerts-only session', () => {
  it('matches the same file by SHA-256, stores its events and hunting finds them', async () => {
    const { result, sink, known } = await alertsOnlyScan();
    expect(result.storage).toBe('alerts-only');
    expect(sink.chunks).toEqual([]);
    expect(known[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    const alertsBefore = sink.alerts.map((a) => a.identity);

    const again = await scanFile(fixture('winrm-positive.ndjson'));
    const { matched, unmatched } = await matchFiles(known, [again]);
    expect(unmatched).toEqual([]);
    expect(matched.map((m) => m.known.id)).toEqual([known[0].id]);

    const chunks = await readChunks(matched[0], 'session-1', ingestFile, 2);
    expect(chunks.every((c) => c.file === known[0].index)).toBe(true);
    expect(chunks.reduce((n, c) => n + c.events.length, 0)).toBe(result.events);

    const store = new QuotaStore();
    expect(await storeChunks(store, chunks)).toBe('stored');
    expect(store.chunks).toHaveLength(chunks.length);
    // Nothing of the scan's results changes: the same single file and the same alerts.
    expect(sink.files.size).toBe(1);
    expect(sink.alerts.map((a) => a.identity)).toEqual(alertsBefore);

    const batches = store.chunks.map(chunkBatch);
    const found = hunt('process where process.parent.name : "winrshost.exe"', batches);
    expect(found.length).toBeGreaterThan(0);
    // Re-running the rules on the re-attached events finds exactly the stored alerts again.
    const rerun = new CorrelationRun(scanRequest([], sink).rules);
    for (const b of batches) rerun.addEvents(b);
    const after = rerun.finish('session-1', () => known[0].name, eqlLanguage()).alerts.flat();
    expect(after.map((a) => a.identity).sort()).toEqual([...alertsBefore].sort());
  });

  it('keeps the events in memory when the quota still refuses, storing nothing half', async () => {
    const { known } = await alertsOnlyScan();
    const [match] = (await matchFiles(known, [await scanFile(fixture('winrm-positive.ndjson'))]))
      .matched;
    const chunks = await readChunks(match, 'session-1', ingestFile, 2);
    expect(chunks.length).toBeGreaterThan(1);
    const store = new QuotaStore(1);
    expect(await storeChunks(store, chunks)).toBe('memory');
    expect(store.chunks).toEqual([]);

    const memory = new AttachedEvents();
    memory.set('session-1', match.known.index, chunks);
    memory.set('session-1', match.known.index, chunks); // re-attached twice: no duplicates
    expect(memory.files('session-1')).toEqual([match.known.index]);
    const found = hunt('network where destination.port in (5985, 5986)', [
      ...memory.batches('session-1'),
    ]);
    expect(found.length).toBeGreaterThan(0);
    expect(hunt('any where true', [...memory.batches('session-1')])).toHaveLength(
      chunks.reduce((n, c) => n + c.events.length, 0),
    );
    expect([...memory.batches('other')]).toEqual([]);
  });

  it('does not match a different file, and says what was compared', async () => {
    const { known } = await alertsOnlyScan();
    const same = tempFile(
      'winrm-positive.ndjson',
      '{"@timestamp":"2024-05-01T10:00:00Z","_comment":"synthetic","event":{"category":["process"]}}\n',
    );
    const other = tempFile('other.ndjson', '{"_comment":"synthetic"}\n');
    const { matched, unmatched } = await matchFiles(known, [
      await scanFile(same),
      await scanFile(other),
    ]);
    expect(matched).toEqual([]);
    expect(unmatched.map((u) => u.name)).toEqual(['winrm-positive.ndjson', 'other.ndjson']);
    expect(unmatched[0].reason).toMatch(/SHA-256/);
    expect(unmatched[1].reason).toMatch(/No file of this session/);
  });

  it('matches by name and size when the session file was not hashed', async () => {
    const path = fixture('winrm-positive.ndjson');
    const file = await scanFile(path);
    const known: KnownFile[] = [
      { id: 'f1', index: 3, name: file.name, size: file.size, sha256: null },
    ];
    const { matched } = await matchFiles(known, [file]);
    expect(matched.map((m) => m.known.id)).toEqual(['f1']);
    const bigger: KnownFile[] = [{ ...known[0], size: file.size + 1 }];
    const miss = await matchFiles(bigger, [file]);
    expect(miss.matched).toEqual([]);
    expect(miss.unmatched[0].reason).toMatch(/name and size/);
    // The same file dropped twice fills the session's file once.
    const twice = await matchFiles(known, [file, await scanFile(path)]);
    expect(twice.matched).toHaveLength(1);
    expect(twice.unmatched[0].reason).toMatch(/already re-attached/);
  });
});
