import { describe, expect, it } from 'vitest';
import { newId } from '../../src/store/id.ts';

describe('newId', () => {
  it('makes version 4 UUIDs', () => {
    for (let i = 0; i < 200; i++) {
      expect(newId()).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });
  it('does not repeat itself', () => {
    const ids = new Set(Array.from({ length: 5_000 }, newId));
    expect(ids.size).toBe(5_000);
  });
});
