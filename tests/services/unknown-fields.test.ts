// How the worker shapes unknown-field flags for the hunting console and the rule editor.
import { describe, expect, it } from 'vitest';
import { emptyResultNote, unknownFieldFlags } from '../../src/worker/app/unknown-fields.ts';

const known = ['process.name', 'process.parent.name', 'host.name', 'event.category'];

describe('unknownFieldFlags', () => {
  it('places each unknown field in the query and suggests the closest known names', () => {
    const query = 'process where proces.nme == "cmd.exe" and host.name == "ws1"';
    const [flag, ...rest] = unknownFieldFlags(query, known);
    expect(rest).toEqual([]);
    expect(flag).toEqual({
      field: 'proces.nme',
      offset: query.indexOf('proces.nme'),
      length: 'proces.nme'.length,
      suggestions: ['process.name'],
      message: 'the session has no field `proces.nme` (did you mean `process.name`?)',
    });
  });

  it('flags nothing without the session’s fields or for a query that does not parse', () => {
    expect(unknownFieldFlags('process where proces.nme == 1', null)).toEqual([]);
    expect(unknownFieldFlags('process where proces.nme ==', known)).toEqual([]);
    expect(unknownFieldFlags('process where ?proces.nme == 1', known)).toEqual([]);
  });
});

describe('emptyResultNote', () => {
  it('explains an empty result by the fields the session lacks', () => {
    const flags = unknownFieldFlags('any where proces.nme == 1 and zzz == 2', known);
    expect(emptyResultNote(flags)).toBe(
      '0 events: the session has no fields `proces.nme` (did you mean `process.name`?), `zzz`',
    );
    expect(emptyResultNote([])).toBeNull();
  });
});
