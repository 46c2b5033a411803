// Integers beyond 2^53 are kept exactly as written, from the file to the stored chunk: a
// winlog.keywords of 0x8020000000000000 must not come back as -9223372036854776000.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJsonExact, quoteUnsafeIntegers } from '../../src/case/json-text.ts';
import { packChunk, unpackChunk } from '../../src/store/chunk-codec.ts';
import { get, ingestBytes } from './helpers.ts';

const KEYWORDS = '-9223372036854775808';
const BIG = '9007199254740993'; // 2^53 + 1: the first integer a double cannot hold

/** No integer beyond ±2^53 anywhere in the value (those are the ones kept as text). */
function withinSafeIntegers(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isInteger(value) || Math.abs(value) <= 2 ** 53;
  if (Array.isArray(value)) return value.every(withinSafeIntegers);
  if (value && typeof value === 'object') return Object.values(value).every(withinSafeIntegers);
  return true;
}

describe('parseJsonExact', () => {
  test('quotes only unsafe integers outside strings', () => {
    expect(quoteUnsafeIntegers(`{"k":${KEYWORDS},"s":"${BIG}","n":${BIG}}`)).toBe(
      `{"k":"${KEYWORDS}","s":"${BIG}","n":"${BIG}"}`,
    );
    // Safe 16-digit integers, fractions and exponents stay numbers.
    const plain =
      '{"a":1234567890123456,"b":12345678901234567.5,"c":1e300,"d":"\\"99999999999999999"}';
    expect(quoteUnsafeIntegers(plain)).toBe(plain);
    expect(parseJsonExact('[18446744073709551615, -1]')).toEqual(['18446744073709551615', -1]);
    // The digits of a fraction or an exponent are part of their number, never one of their own.
    expect(parseJsonExact('[-0.0009007199254740993, 1e9007199254740993]')).toEqual([
      -0.0009007199254740993,
      Infinity,
    ]);
  });

  test('equals JSON.parse on anything without an unsafe integer', () => {
    fc.assert(
      fc.property(fc.jsonValue().filter(withinSafeIntegers), (value) => {
        const text = JSON.stringify(value);
        expect(parseJsonExact(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  test('an unsafe integer anywhere comes back as its exact digits', () => {
    fc.assert(
      fc.property(
        fc
          .bigInt({ min: -(2n ** 64n), max: 2n ** 64n })
          .filter((n) => n > 2n ** 53n || n < -(2n ** 53n)),
        fc.string(),
        (n, s) => {
          const text = `{"x":[${n}],"s":${JSON.stringify(s)}}`;
          expect(parseJsonExact(text)).toEqual({ x: [n.toString()], s });
        },
      ),
    );
  });
});

test('ingest keeps a 64-bit keywords mask exactly, and so does a stored chunk', async () => {
  const line = JSON.stringify({
    '@timestamp': '2024-05-06T09:00:00.000Z',
    host: { name: 'wks-1' },
    event: { code: '4624' },
    winlog: { channel: 'Security', event_id: '4624', record_id: 7, keywords: 0 },
  }).replace('"keywords":0', `"keywords":${KEYWORDS}`);
  const { docs, events } = await ingestBytes(
    'synthetic.ndjson',
    new TextEncoder().encode(line + '\n'),
    undefined,
    { keepText: true },
  );
  expect(get(docs[0], 'winlog.keywords')).toBe(KEYWORDS);
  const stored = unpackChunk(
    packChunk({
      sessionId: 's',
      chunkIndex: 0,
      file: 0,
      firstRecord: 0,
      events: docs,
      lines: [1],
      raws: events.map((e) => e.raw),
      texts: events.map((e) => e.text),
    }),
  );
  expect(get(stored.events[0], 'winlog.keywords')).toBe(KEYWORDS);
  expect(JSON.stringify(stored.raws[0])).toContain(KEYWORDS);
});
