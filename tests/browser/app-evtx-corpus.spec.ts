// Issue 12: the whole EVTX-ATTACK-SAMPLES corpus (277 real .evtx files, ../shared) chosen as a
// folder in the page, with two damaged copies made here beside them (a chunk whose records
// CRC is broken, and a file cut short in a chunk). Every file gets its row; each row's evtx
// line and record count equal what the reader itself counts in Node on the same bytes; the
// damage is reported on its row; byte-identical files are read once.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { describeEvtx, summary } from '../../src/ingest/evtx/events.ts';
import { newStats, readEvtx } from '../../src/ingest/evtx/index.ts';
import { SHARED, needFile, openApp, showView } from '../fixtures/ui/app-helpers.ts';

const CORPUS = join(SHARED, 'evtx-corpus', 'evtx');
const HEADER = 4096;
const CHUNK = 65536;
/** Three chunks of records: room to break the middle one and to cut into the last. */
const DAMAGED_FROM = 'Execution__rogue_msi_url_1040_1042.evtx';

interface Expected {
  name: string;
  sha: string;
  records: number;
  evtx: string;
  damaged: boolean;
}

async function expected(bytes: Uint8Array, name: string): Promise<Expected> {
  const stats = newStats();
  async function* one() {
    yield bytes;
  }
  for await (const _ of readEvtx(one(), () => undefined, stats));
  return {
    name,
    sha: createHash('sha256').update(bytes).digest('hex'),
    records: stats.records,
    evtx: describeEvtx(summary(stats)),
    damaged: stats.damagedChunks + stats.damagedRecords + stats.salvagedChunks > 0,
  };
}

/** The corpus and the two damaged copies in one folder (in tmp; the corpus is only read). */
function caseFolder(): string {
  const folder = join(mkdtempSync(join(tmpdir(), 'sequent-evtx-corpus-')), 'evtx');
  mkdirSync(folder);
  for (const n of readdirSync(needFile(CORPUS)))
    if (n.endsWith('.evtx')) copyFileSync(join(CORPUS, n), join(folder, n));
  const good = readFileSync(join(CORPUS, DAMAGED_FROM));
  const flipped = Buffer.from(good);
  flipped[HEADER + CHUNK + 1000] ^= 0x10;
  writeFileSync(join(folder, 'damaged-crc.evtx'), flipped);
  writeFileSync(join(folder, 'damaged-cut.evtx'), good.subarray(0, HEADER + 2 * CHUNK + 5000));
  return folder;
}

test('the whole .evtx corpus chosen as a folder: every file has its row and its counts', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const folder = caseFolder();
  const names = readdirSync(folder).sort();
  expect(names.length).toBeGreaterThanOrEqual(279);
  const want = await Promise.all(
    names.map(async (n) => expected(new Uint8Array(readFileSync(join(folder, n))), n)),
  );
  expect(want.filter((w) => w.damaged).map((w) => w.name)).toEqual([
    'damaged-crc.evtx',
    'damaged-cut.evtx',
  ]);

  await openApp(page, 'http');
  await showView(page, 'Scan');
  await page.getByTestId('folder-input').setInputFiles(folder);
  const outcome = page.getByTestId('scan-outcome');
  await expect(outcome).toContainText(`Finished: ${names.length} files`, { timeout: 100_000 });

  // All rows at once: 279 locator round trips would take longer than the scan.
  const rows = await page.getByTestId('file-row').evaluateAll((els) =>
    els.map((el) => ({
      name: el.querySelector('.name')?.textContent?.trim() ?? '',
      status: el.getAttribute('data-status'),
      text: el.textContent ?? '',
      evtx: el.querySelector('[data-testid="file-evtx"]')?.textContent?.trim() ?? null,
      errors: el.querySelector('[data-testid="file-errors"]')?.textContent ?? '',
      events: el.querySelector('.events')?.textContent?.trim() ?? '',
      kept: el.querySelector('[data-testid="file-duplicates"]')?.textContent?.trim() ?? '',
    })),
  );
  // A file from the folder goes by its path in it.
  expect(rows.map((r) => r.name).sort()).toEqual(names.map((n) => `evtx/${n}`));
  const byName = new Map(rows.map((r) => [r.name.slice('evtx/'.length), r]));
  const groups = new Map<string, Expected[]>();
  for (const w of want) groups.set(w.sha, [...(groups.get(w.sha) ?? []), w]);
  // The corpus holds one pair of byte-identical files.
  expect(groups.size).toBe(names.length - 1);
  let total = 0;
  let counted = 0;
  for (const same of groups.values()) {
    // Of byte-identical files one is read (whichever the pool finished first), the rest not.
    const statuses = same.map((w) => byName.get(w.name)!.status);
    expect(
      statuses.filter((s) => s === 'done'),
      same[0].name,
    ).toHaveLength(1);
    expect(statuses.filter((s) => s !== 'done').every((s) => s === 'duplicate')).toBe(true);
    const w = same[statuses.indexOf('done')];
    const row = byName.get(w.name)!;
    expect(row.evtx, w.name).toBe(w.evtx);
    expect(row.text, w.name).toContain(`${w.records.toLocaleString('en')} read`);
    if (w.damaged) expect(row.errors, w.name).toMatch(/chunk \d+: /);
    else expect(row.errors, w.name).toBe('');
    total += w.records;
    // The row's own count of the events it stored, plus the records another file held already
    // (the damaged copies repeat the records of their original): every record is accounted for.
    const count = (text: string) => Number(/^[\d,]+/.exec(text)?.[0].replace(/,/g, '') ?? 0);
    counted += count(row.events) + count(row.kept);
  }
  expect(counted).toBe(total);
  // The corpus has one-record files: their rows say "1 event", every other row "N events".
  const counts = rows.map((r) => r.events);
  expect(counts).toContain('1 event');
  for (const c of counts) {
    const [, n, word] = /^([\d,]+) (events?)$/.exec(c) ?? [];
    expect(word, c).toBe(n === '1' ? 'event' : 'events');
  }
  for (const k of rows.map((r) => r.kept).filter(Boolean)) {
    const [, n, word] = /^([\d,]+) (records?) already in this case/.exec(k) ?? [];
    expect(word, k).toBe(n === '1' ? 'record' : 'records');
  }
  expect(total).toBeGreaterThan(8000);
  expect(byName.get('damaged-crc.evtx')!.errors).toContain('chunk 1: event records CRC32');
  expect(byName.get('damaged-cut.evtx')!.errors).toContain('chunk 2: truncated');
});
