// Fuzzing the readers: whatever bytes arrive — random, mutated real exports, hostile records
// in every layout and encoding, valid, cut or corrupted gzip and zip — ingestFile resolves
// with diagnostics (never throws), quickly, and every problem is a located, readable message.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ingested } from '../ingest/helpers.ts';
import { ingestBytes } from '../ingest/helpers.ts';
import { parseTime } from '../../src/ingest/index.ts';
import { budget, CASE_MS, counted, reportCases } from './budget.ts';
import {
  chunking,
  compressed,
  encodedText,
  eventXml,
  jsonText,
  mutatedFixture,
  randomBytes,
} from './inputs.ts';

reportCases('readers');

// What a JavaScript engine says when our own code trips over input it did not expect: such a
// message reaching the user means a reader crashed instead of reporting the input.
const CRASH =
  /Cannot read prop|is not a function|is not iterable|is not an object|Maximum call stack|Invalid (code point|time value|array length)|undefined|\[object /;

async function ingestsCleanly(bytes: Uint8Array, chunks: number[]): Promise<Ingested> {
  counted();
  const started = performance.now();
  let out: Ingested;
  try {
    out = await ingestBytes('fuzz.json', bytes, chunks, { maxErrors: 50 });
  } catch (e) {
    throw new Error(`ingestFile threw instead of reporting: ${String(e)}`, { cause: e });
  }
  expect(performance.now() - started, 'one small input').toBeLessThan(CASE_MS);
  const { diag, events } = out;
  expect(events.length, 'every event handed over is counted').toBe(
    diag.records.mapped + diag.records.passedThrough,
  );
  for (const e of diag.errors) {
    expect(e.file.startsWith('fuzz.json')).toBe(true);
    expect(Number.isInteger(e.line) && e.line >= 1, `line ${e.line}`).toBe(true);
    expect(Number.isInteger(e.offset) && e.offset >= 0, `offset ${e.offset}`).toBe(true);
    expect(e.message.length).toBeGreaterThan(0);
    expect(e.message).not.toMatch(CRASH);
  }
  for (const ev of events) expect(typeof ev.doc).toBe('object');
  // The diagnostics travel to the page by structured clone and into JSON exports.
  expect(() => JSON.stringify(diag)).not.toThrow();
  return out;
}

const async = { timeout: CASE_MS * 2 };

describe('readers never throw, never hang, always say where', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(randomBytes, chunking, async (b, c) => void (await ingestsCleanly(b, c))),
      { ...budget(300), ...async },
    );
  });

  it('real exports of every shape, mutated byte by byte', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedFixture, chunking, async (b, c) => void (await ingestsCleanly(b, c))),
      { ...budget(400), ...async },
    );
  });

  it('hostile records of every shape in NDJSON, arrays, pretty and evtx_dump layouts', async () => {
    await fc.assert(
      fc.asyncProperty(jsonText, chunking, async (t, c) => {
        await ingestsCleanly(new TextEncoder().encode(t), c);
      }),
      { ...budget(300), ...async },
    );
  });

  it('Event XML with hostile text, entities and names', async () => {
    await fc.assert(
      fc.asyncProperty(eventXml, chunking, async (t, c) => {
        await ingestsCleanly(new TextEncoder().encode(t), c);
      }),
      { ...budget(200), ...async },
    );
  });

  it('UTF-8 and UTF-16 (LE/BE, BOM or sniffed, cut mid character)', async () => {
    await fc.assert(
      fc.asyncProperty(encodedText, chunking, async (b, c) => void (await ingestsCleanly(b, c))),
      { ...budget(300), ...async },
    );
  });

  it('records nested thousands deep', async () => {
    const opener = fc.constantFrom('{"a":', '[', '{"System":', '{"_source":', '{"hits":{"hits":[');
    await fc.assert(
      fc.asyncProperty(
        fc.array(opener, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 30_000 }),
        // Stream-sized chunks: one-byte chunks of a 100 KB record only measure copying.
        fc.array(fc.integer({ min: 4096, max: 70_000 }), { minLength: 1, maxLength: 3 }),
        async (openers, depth, c) => {
          const open = openers.join('');
          const text = open.repeat(Math.ceil(depth / openers.length)) + '1\n';
          await ingestsCleanly(new TextEncoder().encode(text), c);
        },
      ),
      { ...budget(20), ...async },
    );
  });

  it('gzip and zip: valid, cut short and corrupted', async () => {
    await fc.assert(
      fc.asyncProperty(compressed, chunking, async (b, c) => void (await ingestsCleanly(b, c))),
      { ...budget(250), ...async },
    );
  });
});

describe('times', () => {
  it('parseTime gives null or an instant a Date can hold, for any text or number', () => {
    const damaged = fc
      .tuple(
        fc.constantFrom(
          '2024-05-02T09:00:00.000Z',
          '2024-05-02 09:00:00.1234567',
          '/Date(1700000000000)/',
          '2024-05-02T09:00:00+14:00',
        ),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 2, unit: 'binary' }),
      )
      .map(([t, at, s]) => t.slice(0, at % t.length) + s + t.slice((at % t.length) + 1));
    fc.assert(
      fc.property(
        fc.oneof(damaged, fc.string({ unit: 'binary' }), fc.double(), fc.integer()),
        (v) => {
          counted();
          const ms = parseTime(v);
          if (ms !== null) expect(() => new Date(ms).toISOString()).not.toThrow();
        },
      ),
      budget(3000),
    );
  });
});
