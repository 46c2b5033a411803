// Properties of the parser over generated input: it fails only with EqlError, quickly, and
// print → parse reproduces any tree it can print.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EqlError, parse, print, type ast } from '../../src/eql/index.ts';
import { eventQuery, sampleQuery, sequenceQuery } from './arbitraries.ts';
import { withoutSpans } from './helpers.ts';
import { applyEdits, EQL_TOKENS as TOKENS, textEdit } from '../fuzz/text-mutation.ts';

// Valid queries to mutate: the shapes real detection rules use.
const SEEDS = [
  'sequence by host.id with maxspan=30s [network where process.pid == 4 and network.direction : ("incoming", "ingress") and destination.port in (5985, 5986)] [process where event.type == "start" and process.parent.name : "winrshost.exe" and not process.name : "conhost.exe"]',
  'process where process.name regex~ """.*\\.(vbs|js)\\.exe""" and length(process.args) > 2 | head 5',
  'sequence by user.name with maxspan=5m [authentication where event.outcome == "failure"] with runs=5 ![process where true] [authentication where true] until [process where ?x != null]',
  'sample by host.id [file where file.path like~ ("C:\\\\Users\\\\*", "?:\\\\Temp\\\\*")] [process where cidrMatch(source.ip, "10.0.0.0/8")]',
  'any where `weird field`.x in~ ("A", "b") or -(a + b) * 3 % 2 >= 1.5e3 /* c */ // d',
];

function assertOnlyEqlError(source: string): void {
  const started = performance.now();
  try {
    parse(source);
  } catch (e) {
    if (!(e instanceof EqlError)) throw e;
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.format()).toContain('^');
  }
  // Generous: the machine may be busy; a hang or exponential blow-up takes far longer.
  expect(performance.now() - started).toBeLessThan(2000);
}

const mutation = textEdit(TOKENS, { deleteMax: 12, duplicateMax: 30 });

describe('parser robustness', () => {
  it('throws only EqlError on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200, unit: 'binary' }), assertOnlyEqlError), {
      numRuns: 2000,
    });
  });

  it('throws only EqlError on token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), (parts) =>
        assertOnlyEqlError(parts.join('')),
      ),
      { numRuns: 2000 },
    );
  });

  it('throws only EqlError on mutated real-world queries', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...SEEDS),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (seed, steps) => assertOnlyEqlError(applyEdits(seed, steps)),
      ),
      { numRuns: 1500 },
    );
  });
});

describe('print → parse round trip', () => {
  it('gives back the same tree, for any event query, sequence or sample', () => {
    fc.assert(
      fc.property(fc.oneof(eventQuery, sequenceQuery, sampleQuery), (query) => {
        const text = print(query as ast.Query);
        expect(withoutSpans(parse(text)), text).toEqual(withoutSpans(query));
      }),
      { numRuns: 800 },
    );
  });

  it('is stable: printing the reparsed tree gives the same text', () => {
    fc.assert(
      fc.property(eventQuery, (query) => {
        const text = print(query as ast.Query);
        expect(print(parse(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });
});
