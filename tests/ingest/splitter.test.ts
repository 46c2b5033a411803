// The record splitter against every container layout, fed in arbitrary chunk sizes: each
// record must come out whole, with the line and byte offset where the test put it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordSplitter, type RawRecord, type SplitError } from '../../src/ingest/index.ts';

type Layout = 'ndjson' | 'array' | 'pretty' | 'evtx_dump' | 'xml';

interface Composed {
  bytes: Uint8Array;
  /** Where each record starts: line (1-based) and byte offset. */
  starts: Array<{ line: number; offset: number }>;
  texts: string[];
}

const enc = new TextEncoder();

function compose(values: Record<string, string>[], layout: Layout, crlf: boolean): Composed {
  const nl = crlf ? '\r\n' : '\n';
  let text = '';
  const starts: Composed['starts'] = [];
  const texts: string[] = [];
  const mark = () =>
    starts.push({ line: text.split('\n').length, offset: enc.encode(text).length });
  if (layout === 'array') text += '[' + nl;
  if (layout === 'xml') text += '<?xml version="1.0"?>' + nl + '<Events>' + nl;
  values.forEach((v, i) => {
    if (layout === 'evtx_dump') text += `Record ${i + 1}${nl}`;
    if (layout === 'xml') {
      const data = Object.entries(v)
        .map(
          ([k, s]) => `<Data Name="${k}">${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Data>`,
        )
        .join(nl);
      const rec = `<Event xmlns="x"><System><EventID>1</EventID></System><EventData>${data}</EventData></Event>`;
      mark();
      texts.push(rec);
      text += rec + nl;
      return;
    }
    const rec =
      layout === 'ndjson' ? JSON.stringify(v) : JSON.stringify(v, null, 2).replace(/\n/g, nl);
    mark();
    texts.push(rec);
    text += rec + (layout === 'array' && i < values.length - 1 ? ',' : '') + nl;
  });
  if (layout === 'array') text += ']' + nl;
  if (layout === 'xml') text += '</Events>' + nl;
  return { bytes: enc.encode(text), starts, texts };
}

function split(
  bytes: Uint8Array,
  sizes: number[],
): { records: RawRecord[]; errors: SplitError[]; container: string | null } {
  const records: RawRecord[] = [];
  const errors: SplitError[] = [];
  const s = new RecordSplitter(
    (r) => records.push(r),
    (e) => errors.push(e),
  );
  let i = 0;
  let k = 0;
  while (i < bytes.length) {
    const n = sizes[k++ % sizes.length];
    s.push(bytes.slice(i, i + n));
    i += n;
  }
  s.end();
  return { records, errors, container: s.container };
}

// Strings that stress the scanner: quotes, escapes, braces, brackets, multi-byte UTF-8.
const tricky = fc.string({
  unit: fc.constantFrom(
    'a',
    'Z',
    ' ',
    '"',
    '\\',
    '{',
    '}',
    '[',
    ']',
    ',',
    'é',
    '€',
    '𝄞',
    'R',
    '<',
    '&',
    '\t',
  ),
  maxLength: 20,
});
const record = fc.dictionary(
  fc.constantFrom('Image', 'CommandLine', 'User', 'x', 'y{', 'q"'),
  tricky,
  {
    minKeys: 1,
    maxKeys: 4,
  },
);

describe('RecordSplitter', () => {
  for (const layout of ['ndjson', 'array', 'pretty', 'evtx_dump', 'xml'] as Layout[]) {
    it(`${layout}: every record whole, at its line and byte offset, in any chunking`, () => {
      fc.assert(
        fc.property(
          fc.array(record, { minLength: 1, maxLength: 6 }),
          fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
          fc.boolean(),
          (values, sizes, crlf) => {
            const c = compose(values, layout, crlf);
            const got = split(c.bytes, sizes);
            expect(got.errors).toEqual([]);
            expect(got.records.map((r) => ({ line: r.line, offset: r.offset }))).toEqual(c.starts);
            if (layout === 'xml') expect(got.records.map((r) => r.text)).toEqual(c.texts);
            else expect(got.records.map((r) => JSON.parse(r.text))).toEqual(values);
          },
        ),
        { numRuns: 150 },
      );
    });
  }

  it('names the container', () => {
    const one: Record<string, string>[] = [{ a: '1' }, { b: '2' }];
    expect(split(compose(one, 'ndjson', false).bytes, [7]).container).toBe('ndjson');
    expect(split(compose(one, 'array', false).bytes, [7]).container).toBe('json array');
    expect(split(compose(one, 'pretty', false).bytes, [7]).container).toBe('concatenated json');
    expect(split(compose(one, 'evtx_dump', false).bytes, [7]).container).toBe('evtx_dump json');
    expect(split(compose(one, 'xml', false).bytes, [7]).container).toBe('event xml');
    expect(split(new Uint8Array(0), [1]).container).toBe('empty');
  });

  it('reports text between JSON values with its line, and goes on', () => {
    const text = '{"a": 1,\n "b": 2}\nthis is not json\n{"c": 3}\n';
    const got = split(enc.encode(text), [5]);
    expect(got.records.map((r) => JSON.parse(r.text))).toEqual([{ a: 1, b: 2 }, { c: 3 }]);
    expect(got.errors).toHaveLength(1);
    expect(got.errors[0]).toMatchObject({ line: 3, offset: text.indexOf('this') });
  });

  it('reports a file cut inside an <Event>', () => {
    const text = '<Events>\n<Event><System/></Event>\n<Event><System>';
    const got = split(enc.encode(text), [3]);
    expect(got.records).toHaveLength(1);
    expect(got.errors).toEqual([
      { line: 3, offset: text.lastIndexOf('<Event>'), message: expect.stringMatching(/truncated/) },
    ]);
  });
});
