import { describe, expect, it } from 'vitest';
import type { AlertDetail, EvidenceStep } from '../../src/worker/app-api.ts';
import { fieldValue, huntRows, queryFields } from '../../src/ui/lib/hunt-rows.ts';

const KNOWN = ['process.name', 'process.parent.name', 'host.name', 'user.name', 'event.category'];

describe('queryFields', () => {
  it('keeps the known fields a query names, in order, without strings or shown columns', () => {
    const q =
      'process where host.name == "x" and process.parent.name == "user.name" and ' +
      'process.name : "*.exe" and process.name != null';
    expect(queryFields(q, KNOWN)).toEqual(['process.parent.name', 'process.name']);
  });
  it('ignores keywords and unknown words', () => {
    expect(
      queryFields('sequence by user.name [any where true] [process where maxspan]', KNOWN),
    ).toEqual(['user.name']);
  });
});

describe('fieldValue', () => {
  it('reads nested, flat and mixed dotted fields', () => {
    expect(fieldValue({ process: { parent: { name: 'a' } } }, 'process.parent.name')).toBe('a');
    expect(fieldValue({ 'process.parent.name': 'b' }, 'process.parent.name')).toBe('b');
    expect(fieldValue({ process: { 'parent.name': 'c' } }, 'process.parent.name')).toBe('c');
    expect(fieldValue({ process: {} }, 'process.parent.name')).toBeUndefined();
    expect(fieldValue(null, 'x')).toBeUndefined();
  });
});

function step(doc: Record<string, unknown>): EvidenceStep {
  return {
    stage: 0,
    stageText: '',
    missing: false,
    timestamp: 0,
    gapMs: null,
    joinKeys: [],
    doc,
    raw: null,
    file: null,
    line: null,
    explanation: null,
  };
}

describe('huntRows', () => {
  it('shows an event with its category and the named fields, a sequence with its join keys', () => {
    const base = { id: 'r1', timestamp: 5, host: 'h1', joinKeys: [] } as unknown as AlertDetail;
    const event = {
      ...base,
      steps: [step({ event: { category: ['process'] }, process: { name: 'cmd.exe' } })],
    };
    expect(huntRows([event], ['process.name'])[0]).toMatchObject({
      category: 'process',
      values: ['cmd.exe'],
      steps: 1,
    });
    const seq = {
      ...base,
      joinKeys: ['h1', 4],
      steps: [step({ event: { category: 'network' } }), step({ event: { category: 'process' } })],
    };
    expect(huntRows([seq], [])[0]).toMatchObject({
      category: 'network → process',
      joinKeys: 'h1, 4',
      steps: 2,
    });
  });
});
