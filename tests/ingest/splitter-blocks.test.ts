// NDJSON split by blocks (`ndjsonBlocks`, the page's workers) against one decode per line (the
// default): random NDJSON-ish bytes — ASCII, multi-byte UTF-8, invalid sequences, BOMs, CRLF,
// blank and space-led lines, lines longer than a block — fed in random chunks must give the
// same records (text, line, offset), errors, container and read position.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concat } from '../../src/ingest/bytes.ts';
import { RecordSplitter, type SplitterOptions } from '../../src/ingest/splitter.ts';

const enc = new TextEncoder();
const bytes = (...b: number[]) => Uint8Array.from(b);

// Pieces a line is made of; LF only comes from the line ends.
const piece = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .constantFrom('{', '}', '"a":', '1', ',', 'x', '\\"', '[]')
      .map((s) => enc.encode(s)),
  },
  { weight: 2, arbitrary: fc.constantFrom(' ', '\t', '\r').map((s) => enc.encode(s)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('é', '€', '😀', 'ж', '\u00a0').map((s) => enc.encode(s)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      bytes(0x80), // lone continuation
      bytes(0xc3), // cut two-byte sequence
      bytes(0xe2, 0x82), // cut three-byte sequence
      bytes(0xf0, 0x9f, 0x98), // cut four-byte sequence
      bytes(0xed, 0xa0, 0x80), // surrogate
      bytes(0xc0, 0xaf), // overlong
      bytes(0xff),
      bytes(0xef, 0xbb, 0xbf), // BOM
    ),
  },
);
const line = fc.array(piece, { maxLength: 12 });
const lineEnd = fc.constantFrom('\n', '\r\n', '\n', '\r\r\n').map((s) => enc.encode(s));

const stream = fc
  .record({
    // `{` first line that parses: NDJSON; anything else not `<`, `[`, `Record `: NDJSON too.
    head: fc.constantFrom('{"i":0}', 'x', '\u00e9'),
    lines: fc.array(fc.tuple(line, lineEnd), { maxLength: 40 }),
    tail: line, // the last line, without a line end
  })
  .map(({ head, lines, tail }) => {
    const parts: Uint8Array[] = [enc.encode(head + '\n')];
    for (const [pieces, end] of lines) parts.push(...pieces, end);
    parts.push(...tail);
    return concat(parts);
  });

function run(data: Uint8Array, sizes: number[], options: SplitterOptions) {
  const out: unknown[] = [];
  const s = new RecordSplitter(
    (r) => out.push(['record', r]),
    (e) => out.push(['error', e]),
    options,
  );
  let i = 0;
  let k = 0;
  while (i < data.length) {
    const n = sizes[k++ % sizes.length];
    s.push(data.slice(i, i + n));
    i += n;
    out.push(['at', s.position]);
  }
  s.end();
  return { out, container: s.container, markers: s.recordMarkers };
}

describe('NDJSON by blocks', () => {
  it('gives what one decode per line gives, for any bytes, chunks and block size', () => {
    fc.assert(
      fc.property(
        stream,
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 48 }),
        (data, sizes, blockBytes) => {
          const lines = run(data, sizes, {});
          expect(lines.container).toBe('ndjson');
          expect(run(data, sizes, { ndjsonBlocks: true, blockBytes })).toEqual(lines);
          expect(run(data, [data.length || 1], { ndjsonBlocks: true, blockBytes })).toEqual(
            run(data, [data.length || 1], {}),
          );
        },
      ),
      { numRuns: 600 },
    );
  });

  it('cuts lines longer than the default block whole, at their byte offsets', () => {
    const long = '{"a":"' + 'é'.repeat(600_000) + '"}';
    const text = `{"i":0}\r\n${long}\n\ufeff{"b":"€"}\r\n  {"c":1}\n{"d":2}`;
    const data = enc.encode(text);
    const sizes = [300_000, 1 << 20, 70_000];
    const blocks = run(data, sizes, { ndjsonBlocks: true });
    expect(blocks).toEqual(run(data, sizes, {}));
    const records = blocks.out.filter((o) => (o as unknown[])[0] === 'record');
    expect(
      records.map((r) => (r as [string, { text: string; line: number; offset: number }])[1]),
    ).toEqual([
      { kind: 'json', text: '{"i":0}', line: 1, offset: 0 },
      { kind: 'json', text: long, line: 2, offset: 9 },
      { kind: 'json', text: '{"b":"€"}', line: 3, offset: 9 + enc.encode(long).length + 1 },
      { kind: 'json', text: '  {"c":1}', line: 4, offset: data.length - 17 },
      { kind: 'json', text: '{"d":2}', line: 5, offset: data.length - 7 },
    ]);
  });
});
