// DataShapes must make exactly the object that assigning the names one by one makes: same
// names, values, order (integer-like names first) and prototype, whatever the names.
import { describe, expect, it } from 'vitest';
import { DataShapes } from '../../src/ingest/evtx/data-shape.ts';

function byAssignment(keys: string[], vals: string[]): Record<string, string> {
  const d: Record<string, string> = {};
  for (let i = 0; i < keys.length; i++) d[keys[i]] = vals[i];
  return d;
}

function expectSame(shapes: DataShapes, keys: string[], vals: string[]): void {
  const want = byAssignment(keys, vals);
  const got = shapes.make(keys, vals, keys.length);
  expect(Object.getPrototypeOf(got)).toBe(Object.getPrototypeOf(want));
  expect(Object.keys(got)).toEqual(Object.keys(want));
  expect(JSON.stringify(got)).toBe(JSON.stringify(want));
}

const many = Array.from({ length: 30 }, (_, i) => `Field${i}`);

describe('DataShapes', () => {
  it('makes the object assignment makes, first and later records of a shape', () => {
    const shapes = new DataShapes();
    for (let r = 0; r < 3; r++) {
      expectSame(
        shapes,
        many,
        many.map((k) => `${k}-${r}`),
      );
      expectSame(shapes, ['b', 'a', '2', '10', 'c'], ['1', '2', '3', '4', String(r)]);
    }
  });

  it('follows a name given twice, __proto__ and names of Object.prototype', () => {
    const shapes = new DataShapes();
    for (let r = 0; r < 2; r++) {
      expectSame(shapes, ['a', 'b', 'a'], ['1', '2', String(r)]);
      expectSame(shapes, ['x', '__proto__', 'y'], ['1', '2', '3']);
      expectSame(shapes, ['constructor', 'toString', 'valueOf'], ['1', '2', '3']);
    }
  });

  it('tells shapes of one size apart, and names that are equal but other strings', () => {
    const shapes = new DataShapes();
    expectSame(shapes, ['a', 'b'], ['1', '2']);
    expectSame(shapes, ['b', 'a'], ['3', '4']);
    expectSame(
      shapes,
      ['a', 'b'.repeat(1)].map((k) => k.split('').join('')),
      ['5', '6'],
    );
    expect(shapes.make([], [], 0)).toEqual({});
  });

  it('still makes the objects past the shapes it keeps', () => {
    const shapes = new DataShapes();
    for (let i = 0; i < 600; i++) expectSame(shapes, [`k${i}`, 'v'], ['1', '2']);
  });
});
