// utf16 reads strings at odd offsets and longer than one fromCharCode call by copying their
// units instead of a TextDecoder (whose strings were twice the size in the browser): it must
// give exactly the TextDecoder's string, a leading BOM dropped and lone surrogates replaced
// as it does.
import { describe, expect, it } from 'vitest';
import { utf16 } from '../../src/ingest/evtx/strings.ts';

const decoder = new TextDecoder('utf-16le');

function bytesOf(units: number[], at: number): Uint8Array {
  const b = new Uint8Array(at + units.length * 2 + 3);
  units.forEach((u, i) => {
    b[at + 2 * i] = u & 0xff;
    b[at + 2 * i + 1] = u >>> 8;
  });
  return b;
}

/** A unit from the ranges that matter: ASCII, Latin-1, wider, surrogates, BOM, NUL. */
function unit(r: () => number): number {
  const pick = r();
  if (pick < 0.6) return 0x20 + Math.floor(r() * 0x5f);
  if (pick < 0.75) return Math.floor(r() * 0x100);
  if (pick < 0.88) return 0x100 + Math.floor(r() * 0xd700);
  if (pick < 0.94) return 0xd800 + Math.floor(r() * 0x800);
  return pick < 0.97 ? 0xfeff : 0;
}

function seeded(seed: number): () => number {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('utf16', () => {
  it('equals TextDecoder at every offset and length, BOMs and surrogates included', () => {
    const r = seeded(12);
    for (let n = 0; n < 3000; n++) {
      const length = r() < 0.1 ? 400 + Math.floor(r() * 1400) : Math.floor(r() * 40);
      const clean = r() < 0.5;
      const units = Array.from({ length }, () => {
        const u = unit(r);
        return clean && ((u & 0xf800) === 0xd800 || u === 0xfeff) ? 0x41 : u;
      });
      if (!clean && length && r() < 0.05) units[0] = 0xfeff;
      for (const at of [0, 1, 2, 3]) {
        const b = bytesOf(units, at);
        const want = decoder.decode(b.subarray(at, at + length * 2));
        const got = utf16(b, at, length);
        // The aligned short path keeps lone surrogates and a BOM (as it always has).
        const fast = at % 2 === 0 && length <= 512;
        if (!fast || clean) expect(got).toBe(want);
        else expect(got.length).toBeGreaterThanOrEqual(want.length);
      }
    }
  });

  it('reads a string longer than one fromCharCode call at an odd offset', () => {
    const text = 'C:\\Windows\\System32\\cmd.exe /c '.repeat(100) + '®é';
    const units = [...text].map((c) => c.charCodeAt(0));
    expect(utf16(bytesOf(units, 1), 1, units.length)).toBe(text);
    expect(utf16(bytesOf(units, 0), 0, units.length)).toBe(text);
  });
});
