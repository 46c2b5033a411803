// Sigma conditions (specification: rules document, "Condition"): operators, precedence,
// `x of` patterns, `them`, and what negation means when a field is missing.
import { describe, expect, it } from 'vitest';
import { convertOne, eventData as ev, matching, sigmaRule } from './helpers.ts';

const ids = "a:\n  A: '1'\nb:\n  B: '1'\nc_1:\n  C: '1'\nc_2:\n  D: '1'\n_hidden:\n  H: '1'";
const docs = [
  { A: '1' },
  { B: '1' },
  { A: '1', B: '1' },
  { C: '1' },
  { C: '1', D: '1' },
  { H: '1' },
  { A: '1', C: '1' },
].map(ev);
const on = (condition: string) => matching(sigmaRule(`${ids}\ncondition: ${condition}`), docs);

describe('conditions', () => {
  it('and, or, not', () => {
    expect(on('a and b')).toEqual([2]);
    expect(on('a or b')).toEqual([0, 1, 2, 6]);
    expect(on('a and not b')).toEqual([0, 6]);
  });

  it('binds not tighter than and, and tighter than or', () => {
    expect(on('a or b and not a')).toEqual([0, 1, 2, 6]);
    expect(on('(a or b) and not a')).toEqual([1]);
    expect(on('not a and b')).toEqual([1]);
  });

  it('1 of and all of a pattern', () => {
    expect(on('1 of c_*')).toEqual([3, 4, 6]);
    expect(on('all of c_*')).toEqual([4]);
    expect(on('a and not 1 of c_*')).toEqual([0, 2]);
  });

  it('them leaves out identifiers starting with _', () => {
    expect(on('1 of them')).toEqual([0, 1, 2, 3, 4, 6]);
    expect(on('all of them')).toEqual([]);
    expect(on('1 of _*')).toEqual([5]);
  });

  it('a list of conditions is ORed', () => {
    const rule = sigmaRule(`${ids}\ncondition:\n  - a and b\n  - all of c_*`);
    expect(matching(rule, docs)).toEqual([2, 4]);
  });

  it('not over a missing field holds, as Sigma means (EQL alone would say null)', () => {
    const rule = sigmaRule(
      "sel:\n  A: '1'\nfilter:\n  F|startswith: 'C:\\Windows'\ncondition: sel and not filter",
    );
    const cases = [{ A: '1' }, { A: '1', F: 'C:\\Windows\\x' }, { A: '1', F: 'D:\\x' }].map(ev);
    expect(matching(rule, cases)).toEqual([0, 2]);
  });

  it('reports an unknown identifier with its position', () => {
    const o = convertOne(sigmaRule(`${ids}\ncondition: a and nope`));
    expect(o).toMatchObject({
      status: 'invalid',
      message: expect.stringContaining('unknown search identifier nope at position 7'),
    });
  });

  it('refuses the obsolete aggregation syntax as cannot run', () => {
    const o = convertOne(sigmaRule(`${ids}\ncondition: a | count() by B > 5`));
    expect(o).toMatchObject({ status: 'cannot-run', construct: 'condition aggregation' });
  });
});
