import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  closestFields,
  editDistance,
  KnownFields,
  namedFields,
  parse,
  unknownFields,
  unknownFieldsMessage,
} from '../../src/eql/index.ts';

const known = [
  'process.name',
  'process.parent.name',
  'process.pid',
  'host.name',
  'host.os.name',
  'event.category',
  'destination.port',
  'source.ip',
];

describe('namedFields', () => {
  it('lists every field of conditions, keys and functions once, in source order', () => {
    const q = parse(
      'sequence by host.id [process where process.name == "a" and length(?x) > 1] by process.pid ' +
        '[network where destination.port == 5985] by source.pid until [process where ?x == 1] by ?y',
    );
    expect(namedFields(q).map((f) => [f.field, f.optional])).toEqual([
      ['host.id', false],
      ['process.name', false],
      ['x', true],
      ['process.pid', false],
      ['destination.port', false],
      ['source.pid', false],
      ['y', true],
    ]);
  });

  it('points at the first occurrence', () => {
    const text = 'process where proces.nme == "cmd.exe"';
    const [f] = namedFields(parse(text));
    expect(text.slice(f.span.start, f.span.end)).toBe('proces.nme');
  });
});

describe('unknownFields', () => {
  it('flags names no event carries, with the closest known names', () => {
    const q = parse('process where proces.nme == "cmd.exe" and host.name == "h"');
    expect(unknownFields(q, known).map((u) => [u.field, u.suggestions])).toEqual([
      ['proces.nme', ['process.name']],
    ]);
  });

  it('exempts ?fields, and objects above known fields', () => {
    const q = parse('any where ?proces.nme == null and host.os != null and host.os.name : "w*"');
    expect(unknownFields(q, known)).toEqual([]);
  });

  it('offers nothing when no known name is close', () => {
    const [u] = unknownFields(parse('any where zzz == 1'), known);
    expect(u.suggestions).toEqual([]);
  });
});

describe('closestFields and editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps as one edit each', () => {
    expect(editDistance('proces.nme', 'process.name')).toBe(2);
    expect(editDistance('porcess', 'process')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting', 1)).toBe(2);
  });

  it('gives the textbook distance, rows reused from call to call (longer, then shorter names)', () => {
    // Optimal string alignment, a fresh table per call.
    const reference = (a: string, b: string): number => {
      const d = Array.from({ length: a.length + 1 }, (_, i) =>
        Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)),
      );
      for (let i = 1; i <= a.length; i++)
        for (let j = 1; j <= b.length; j++) {
          d[i][j] = Math.min(
            d[i - 1][j] + 1,
            d[i][j - 1] + 1,
            d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
          );
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
            d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      return d[a.length][b.length];
    };
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.'), maxLength: 90 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 6 }), (a, b, limit) => {
        const d = reference(a, b);
        expect(editDistance(a, b)).toBe(d);
        // Past the limit it only says so (limit + 1, or the distance of an empty name).
        const capped = editDistance(a, b, limit);
        if (d <= limit) expect(capped).toBe(d);
        else expect(capped).toBeGreaterThan(limit);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps names within 30% of the longer length and one edit of the best, closest first', () => {
    expect(closestFields('host.nme', known)).toEqual(['host.name']);
    // process.pid (3 edits) is within 30% but far behind process.name (1 edit).
    expect(closestFields('process.nam', known)).toEqual(['process.name']);
    expect(closestFields('host.nam', ['host.name', 'host.nme', 'host.id'])).toEqual([
      'host.name',
      'host.nme',
    ]);
    expect(closestFields('PROCESS.NAME', known)).toEqual(['process.name']);
    expect(closestFields('host', known)).toEqual([]);
  });
});

describe('unknownFieldsMessage', () => {
  it('says which fields the data lacks and what was probably meant', () => {
    const q = parse('process where proces.nme == "a" and zzz == 1');
    expect(unknownFieldsMessage(unknownFields(q, known))).toBe(
      '0 events: the session has no fields `proces.nme` (did you mean `process.name`?), `zzz`',
    );
    expect(unknownFieldsMessage(unknownFields(parse('any where host.nme == 1'), known))).toBe(
      '0 events: the session has no field `host.nme` (did you mean `host.name`?)',
    );
  });
});

describe('KnownFields', () => {
  it('answers many queries as the plain list does, remembering each name looked up', () => {
    const fields = new KnownFields(known);
    const texts = [
      'process where proces.nme == "a" and host.os.nme == "b"',
      'process where proces.nme : "x*" and process.parent.name == "c" and destination.prt > 1',
      'sequence by host.id [process where process.code_signature.trusted == false] [network where ?x == 1]',
    ];
    for (const text of texts) {
      const q = parse(text);
      expect(unknownFields(q, fields)).toEqual(unknownFields(q, known));
    }
    expect(fields.closest('proces.nme')).toEqual(['process.name']);
    expect(fields.has('process.parent')).toBe(true);
    expect(fields.has('process.code_signature')).toBe(false);
  });
});
