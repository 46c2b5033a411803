// A file's SHA-256 is taken before its reading only when the duplicate check needs it: when
// another file (of the case, hashed, or of the scan) has its size. Otherwise its reader goes on
// at once and another thread hashes it meanwhile (ScanRequest.hash), with the same result.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.ts';
import { sha256Hex } from '../../src/worker/app/digest.ts';
import type { IngestFn, RemoteReader, ScanFile } from '../../src/worker/app/scan-request.ts';
import { builtinRules } from '../../src/rules/index.ts';
import { collectFile } from '../../src/worker/app/collect-file.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import { compileOptionsOf } from '../../src/worker/app/rule-view.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest } from './helpers.ts';

const WINRM = fixture('winrm-positive.ndjson');
const sha256sum = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Ingest as the scan runs it, telling when the first batch of events is handed over. */
function watchedIngest(): { ingest: IngestFn; reading: Promise<void> } {
  let started!: () => void;
  const reading = new Promise<void>((resolve) => (started = resolve));
  return {
    reading,
    ingest: (source, onBatch, options) =>
      ingestFile(
        source,
        (events, info) => {
          started();
          return onBatch(events, info);
        },
        options,
      ),
  };
}

describe('hashing beside the reading', () => {
  it('reads a file no other can equal while another thread hashes it', async () => {
    const { ingest, reading } = watchedIngest();
    const hashed: string[] = [];
    const sink = new MemorySink();
    const result = await runScan(
      scanRequest([await scanFile(WINRM)], sink, {
        ingest,
        // Answers only once events were read: a reading that waited for it would never end.
        hash: async (file: ScanFile) => {
          hashed.push(file.name);
          await reading;
          return sha256Hex(file);
        },
        knownFiles: [{ name: 'other.ndjson', sha256: 'ab'.repeat(32), size: 1 }],
      }),
    );
    expect(hashed).toEqual(['winrm-positive.ndjson']);
    expect(result.files.map((f) => [f.status, f.sha256])).toEqual([['done', sha256sum(WINRM)]]);
    expect(sink.files.get(0)?.sha256).toBe(sha256sum(WINRM));
    expect(result.alerts.length).toBeGreaterThan(0);
  });

  it('hashes here when the other thread cannot', async () => {
    const result = await runScan(
      scanRequest([await scanFile(WINRM)], new MemorySink(), {
        hash: () => Promise.reject(new Error('helper gone')),
      }),
    );
    expect(result.files[0].sha256).toBe(sha256sum(WINRM));
    const none = await runScan(
      scanRequest([await scanFile(WINRM)], new MemorySink(), { hash: async () => undefined }),
    );
    expect(none.files[0].sha256).toBe(sha256sum(WINRM));
  });

  it('still finds the same bytes twice: files of one size are hashed before reading', async () => {
    const hashed: string[] = [];
    const hash = async (file: ScanFile) => {
      hashed.push(file.name);
      return sha256Hex(file);
    };
    const twins = [await scanFile(WINRM), await scanFile(WINRM, 'copy.ndjson')];
    const result = await runScan(scanRequest(twins, new MemorySink(), { hash }));
    expect(result.files.map((f) => f.status)).toEqual(['done', 'duplicate']);
    expect(result.files[1].duplicateOf).toBe('winrm-positive.ndjson');
    // A file of the case with that size and hash: this one is a duplicate of it.
    const file = await scanFile(WINRM, 'again.ndjson');
    const known = [{ name: 'first.ndjson', sha256: sha256sum(WINRM), size: file.size }];
    const again = await runScan(scanRequest([file], new MemorySink(), { hash, knownFiles: known }));
    expect(again.files.map((f) => [f.status, f.duplicateOf])).toEqual([
      ['duplicate', 'first.ndjson'],
    ]);
    // A known file without its size may be any file.
    const unsized = [{ name: 'first.ndjson', sha256: sha256sum(WINRM) }];
    const third = await runScan(
      scanRequest([await scanFile(WINRM)], new MemorySink(), { hash, knownFiles: unsized }),
    );
    expect(third.files[0].status).toBe('duplicate');
    expect(hashed).toEqual([]);
  });

  it('a cancel while a file read whole is hashed does not wait for the hash', async () => {
    const controller = new AbortController();
    let cancelledAt = 0;
    const sink = new MemorySink();
    const result = await runScan(
      scanRequest([await scanFile(WINRM)], sink, {
        signal: controller.signal,
        // The other thread never answers; the file is read whole, then the scan is cancelled.
        hash: () => new Promise<never>(() => undefined),
        ingest: async (...args) => {
          const diagnostics = await ingestFile(...args);
          setTimeout(() => {
            cancelledAt = performance.now();
            controller.abort();
          }, 50);
          return diagnostics;
        },
      }),
    );
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(result.cancelled).toBe(true);
    const [row] = result.files;
    // Read whole: it stays, with its counts, said to be unhashed and why.
    expect(row.status).toBe('done');
    expect(row.sha256).toBeNull();
    expect(row.records).toBe(readFileSync(WINRM, 'utf8').trim().split('\n').length);
    expect(row.warnings.join(' ')).toMatch(/cancelled while this file was hashed/);
    expect(sink.files.get(0)?.status).toBe('done');
  });

  it('of twins dropped together the first is read, whichever hash ends first', async () => {
    const first = await scanFile(WINRM);
    // Its hash ends last: the second file's reader has begun by then.
    const slow: ScanFile = {
      ...first,
      arrayBuffer: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        return first.arrayBuffer!();
      },
    };
    const twins = [slow, await scanFile(WINRM, 'copy.ndjson')];
    const helper: RemoteReader = {
      read: (job, onFeed) =>
        collectFile({ ...job, rules: builtinRules() }, onFeed, {
          ingest: ingestFile,
          putChunk: async () => undefined,
          language: (rule) => eqlLanguage(compileOptionsOf(rule)),
          signal: new AbortController().signal,
        }),
    };
    const result = await runScan(scanRequest(twins, new MemorySink(), { readers: [helper] }));
    expect(result.files.map((f) => [f.name, f.status, f.duplicateOf])).toEqual([
      ['winrm-positive.ndjson', 'done', undefined],
      ['copy.ndjson', 'duplicate', 'winrm-positive.ndjson'],
    ]);
  });
});
