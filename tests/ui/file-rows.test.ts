// The scan page's rows keep their identity while nothing in them changes, so a progress
// message re-renders only the rows it is about (hundreds of files must not freeze the page),
// and any change at all, however deep, gives a fresh row.
import { describe, expect, it } from 'vitest';
import { FileRowCache, fileRows, keepUnchanged } from '../../src/ui/lib/file-rows.ts';
import type { FileProgress, FileSummary } from '../../src/worker/app-api.ts';

const progress = (id: string, over: Partial<FileProgress> = {}): FileProgress => ({
  fileId: id,
  name: `${id}.evtx`,
  bytesRead: 0,
  size: 100,
  events: 0,
  status: 'queued',
  ...over,
});

const summary = (id: string, over: Partial<FileSummary> = {}): FileSummary => ({
  id,
  sessionId: 's',
  name: `${id}.evtx`,
  size: 100,
  sha256: null,
  encoding: 'evtx',
  container: '',
  source: 'evtx',
  sourceReason: '',
  hosts: ['a'],
  timeRange: [1, 2],
  records: 1,
  mapped: 1,
  skipped: 0,
  untimed: 0,
  errors: [{ line: 0, offset: 4096, message: 'chunk 1: bad' }],
  warnings: [],
  status: 'done',
  error: null,
  ...over,
});

// A structured clone, as each message from the worker is.
const copy = <T>(x: T): T => structuredClone(x);

describe('FileRowCache', () => {
  it('hands back the same row objects for equal copies of the data', () => {
    const cache = new FileRowCache();
    const p = [progress('a'), progress('b', { status: 'scanning', bytesRead: 50 })];
    const f = [summary('c')];
    const first = cache.rows(p, f);
    const again = cache.rows(copy(p), copy(f));
    expect(again).toHaveLength(3);
    again.forEach((row, i) => expect(row).toBe(first[i]));
  });

  it('gives a fresh row for any change, and only to that row', () => {
    const changes: [string, (p: FileProgress[], f: FileSummary[]) => void][] = [
      ['bytes read', (p) => (p[1].bytesRead = 60)],
      ['status', (p) => (p[0].status = 'scanning')],
      ['events', (p) => (p[1].events = 1)],
      ['an error message', (_, f) => (f[0].errors[0].message = 'chunk 1: worse')],
      ['one more error', (_, f) => f[0].errors.push({ line: 3, offset: 0, message: 'x' })],
      ['a host', (_, f) => (f[0].hosts = ['a', 'b'])],
      ['the time range', (_, f) => (f[0].timeRange = null)],
      ['a field that was absent', (_, f) => (f[0].duplicates = 1)],
      ['a field that becomes absent', (_, f) => delete f[0].duplicates],
    ];
    for (const [what, change] of changes) {
      const cache = new FileRowCache();
      const p = [progress('a'), progress('b', { status: 'scanning', bytesRead: 50 })];
      const f = [summary('c', { duplicates: 2 })];
      const first = cache.rows(p, f);
      const p2 = copy(p);
      const f2 = copy(f);
      change(p2, f2);
      const next = cache.rows(p2, f2);
      const changed = next.filter((row, i) => row !== first[i]).map((row) => row.key);
      expect(changed.length, what).toBe(1);
      expect(next, what).toEqual(fileRows(p2, f2));
    }
  });

  it('forgets rows that left the list', () => {
    const cache = new FileRowCache();
    const a = cache.rows([progress('a')], [])[0];
    cache.rows([], []);
    expect(cache.rows([progress('a')], [])[0]).not.toBe(a);
  });
});

describe('keepUnchanged', () => {
  it('keeps the old summary objects that equal their fresh copies, and only those', () => {
    const last = [summary('a'), summary('b'), summary('c')];
    const fresh = copy(last);
    fresh[1].records = 2;
    fresh.push(summary('d'));
    const kept = keepUnchanged(last, fresh);
    expect(kept).toEqual(fresh);
    expect(kept[0]).toBe(last[0]);
    expect(kept[1]).toBe(fresh[1]);
    expect(kept[2]).toBe(last[2]);
    expect(kept[3]).toBe(fresh[3]);
  });

  it('follows the fresh list: its order, and no file that left it', () => {
    const last = [summary('a'), summary('b')];
    const kept = keepUnchanged(last, [copy(last[1])]);
    expect(kept).toEqual([last[1]]);
    expect(kept[0]).toBe(last[1]);
  });
});
