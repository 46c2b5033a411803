// A helper reads ahead of the correlating worker's answers (collect-file.ts): its dedupe
// questions overlap, its feeds go out without waiting for each answer, and yet what it
// collects, stores and sends is what answering at once gives, in the same order.
import { describe, expect, it } from 'vitest';
import { ingestFile } from '../../src/ingest/index.ts';
import { builtinRules } from '../../src/rules/index.ts';
import { collectFile } from '../../src/worker/app/collect-file.ts';
import type { CandidateFeed } from '../../src/worker/app/correlate.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { EventChunk } from '../../src/worker/app/model.ts';
import type { RemoteResult } from '../../src/worker/app/scan-request.ts';
import { compileOptionsOf } from '../../src/worker/app/rule-view.ts';
import { scanFile, sharedOrSkip } from './helpers.ts';

const later = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answers {
  /** Delay of the n-th answer, ms. */
  delay: (n: number) => number;
  /** A feed's answer fails from this feed on. */
  failFeedAt?: number;
  /** The scan is cancelled as this feed arrives. */
  cancelAtFeed?: number;
}

/** One helper read of `path`: what it sent, stored and returned, and how many questions overlapped. */
async function read(path: string, answers: Answers) {
  const file = await scanFile(path);
  const feeds: CandidateFeed[] = [];
  const chunks: EventChunk[] = [];
  const asked: number[][] = [];
  let open = 0;
  let mostOpen = 0;
  let feedsOpen = 0;
  let mostFeedsOpen = 0;
  let n = 0;
  // The case already holds every 7th record the file has (by record key): deterministic.
  const held = new Set<string>();
  const seen: string[] = [];
  const cancel = new AbortController();
  const result: RemoteResult = await collectFile(
    { sessionId: 's', fileIndex: 0, file, chunkSize: 700, rules: builtinRules() },
    async (feed) => {
      const i = feeds.length;
      feeds.push(structuredClone(feed));
      if (i === answers.cancelAtFeed) cancel.abort();
      mostFeedsOpen = Math.max(mostFeedsOpen, ++feedsOpen);
      await later(answers.delay(n++));
      feedsOpen--;
      if (answers.failFeedAt !== undefined && i >= answers.failFeedAt)
        throw new Error('the correlating worker is gone');
    },
    {
      ingest: ingestFile,
      putChunk: async (chunk) => void chunks.push(structuredClone(chunk)),
      language: (rule) => eqlLanguage(compileOptionsOf(rule)),
      signal: cancel.signal,
    },
    async (keys) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      const repeated: number[] = [];
      keys.forEach((k, j) => {
        seen.push(k);
        if (held.has(k) || seen.length % 7 === 0) repeated.push(j);
        held.add(k);
      });
      asked.push(repeated);
      await later(answers.delay(n++));
      open--;
      return repeated;
    },
  );
  return { feeds, chunks, asked, mostOpen, mostFeedsOpen, result };
}

describe('a helper reading ahead of the correlating worker', () => {
  it('collects, stores and sends what prompt answers give, in order', async () => {
    const path = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    if (!path) return;
    const prompt = await read(path, { delay: () => 0 });
    // Answers far slower than reading a batch, even on a slow machine under a full test run
    // (20 ms answers overlapped nothing on one), in an order of their own.
    const late = await read(path, { delay: (n) => 150 + ((n * 7919) % 13) });
    // 2,744 events in batches of 500: several batches, some records dropped as held.
    expect(prompt.feeds.length).toBeGreaterThan(4);
    expect(prompt.asked.flat().length).toBeGreaterThan(300);
    expect(late.feeds).toEqual(prompt.feeds);
    expect(late.chunks).toEqual(prompt.chunks);
    expect(late.result).toEqual(prompt.result);
    expect(late.result.records).toBe(2744 - prompt.asked.flat().length);
    // The questions overlapped: the reading did not wait for each answer before reading on.
    expect(late.mostOpen).toBeGreaterThan(1);
    expect(late.mostFeedsOpen).toBeGreaterThan(1);
  });

  it('ends in an error when an answer to a feed fails, short of the file', async () => {
    const path = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    if (!path) return;
    const prompt = await read(path, { delay: () => 0 });
    const failed = await read(path, { delay: () => 1, failFeedAt: 1 });
    expect(failed.result.error).toMatch(/correlating worker is gone/);
    expect(failed.result.cancelled).toBe(false);
    // Taken no further than a few batches past the failure, never the whole file.
    expect(failed.feeds.length).toBeLessThan(prompt.feeds.length);
  });

  it('cancelled, says what it read: the events it fed, all stored', async () => {
    const path = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    if (!path) return;
    const cut = await read(path, { delay: () => 1, cancelAtFeed: 1 });
    const { result } = cut;
    expect(result.cancelled).toBe(true);
    const stored = cut.chunks.reduce((n, c) => n + c.events.length, 0);
    const dropped = cut.asked.flat().length;
    expect(result.records).toBe(stored);
    expect(stored).toBeLessThan(2744 - dropped);
    // Its row: the records read are those fed, and those the case held already.
    expect(result.diagnostics?.source).toBe('otrf-nxlog');
    expect(result.diagnostics?.hosts.length).toBeGreaterThan(0);
    expect(result.diagnostics?.records.read).toBe(stored + dropped);
  });
});
