// Files picked from a folder, prepared for the worker: named by their path in it, in the order
// picked, and their bytes added up, however many there are (a batch per task).
import { describe, expect, it } from 'vitest';
import { namedByPaths, pickedBytes, type PickedFile } from '../../src/ui/lib/file-entries';

function picked(n: number): PickedFile[] {
  return Array.from({ length: n }, (_, i) => {
    const file = new File([`line ${i}\n`], 'security.json', { lastModified: 1000 + i });
    // Every third file was dropped alone: its path is its own name.
    return { file, path: i % 3 === 0 ? 'security.json' : `host-${i}/security.json` };
  });
}

describe('namedByPaths', () => {
  it('names every file of a large pick by its path, in order, with its bytes and date', async () => {
    const pick = picked(250);
    const files = await namedByPaths(pick);
    expect(files).toHaveLength(250);
    expect(files.map((f) => f.name)).toEqual(pick.map((p) => p.path));
    expect(files.map((f) => f.lastModified)).toEqual(pick.map((p) => p.file.lastModified));
    expect(await files[249].text()).toBe('line 249\n');
    // A file whose path is its name is handed over as it is, not copied.
    expect(files[0]).toBe(pick[0].file);
  });

  it('adds up the bytes of every file of a large pick', async () => {
    const pick = picked(450);
    const bytes = pick.reduce((n, p) => n + `line ${pick.indexOf(p)}\n`.length, 0);
    expect(await pickedBytes(pick)).toBe(bytes);
  });

  it.each([
    ['renaming', namedByPaths],
    ['adding up sizes', pickedBytes],
  ] as const)('%s gives the page back between batches', async (_, work) => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    await work(picked(450));
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });
});
