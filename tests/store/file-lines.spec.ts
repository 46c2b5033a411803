import { appendFileSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { bundleHarness, openHarness } from '../browser/bundle.ts';
import { launchWithProfile } from '../../bench/browser-profile.ts';
import type * as Store from '../../src/store/index.ts';
import type { EventRepository } from '../../src/store/events.ts';

// A chunk of a file's lines copies the file's bytes when its transaction commits. A file changed
// or gone from disk by then (rewritten by a collector, a USB stick pulled) must not lose the
// chunk: it is stored as its texts instead, which the scan still holds. Off the record, where
// IndexedDB would keep only a reference to the file, the texts are stored from the start. Real
// Chromium on a profile of its own, a File read from disk.

type Harness = {
  openSequentDb: typeof Store.openSequentDb;
  EventRepository: typeof EventRepository;
};
declare const sequentHarness: Harness;

// Synthetic ECS lines.
const LINES = [
  '{"@timestamp":"2024-05-01T10:00:00.000Z","event":{"code":"1"},"host":{"id":"h1"}}',
  '{"@timestamp":"2024-05-01T10:00:01.000Z","event":{"code":"3"},"host":{"id":"h1"}}',
];

for (const [what, form, disk] of [
  ['kept', 'eventLines', true],
  ['gone', 'eventTexts', true],
  ['changed', 'eventTexts', true],
  ['kept', 'eventTexts', false],
] as const)
  test(`a chunk of a file's lines, the file ${what}, ${disk ? 'on disk' : 'off the record'}: stored as ${form}`, async ({
    browser,
  }) => {
    const dir = mkdtempSync(join(tmpdir(), 'sequent-gone-'));
    const path = join(dir, 'lines.ndjson');
    writeFileSync(path, `${LINES.join('\n')}\n`);
    const profile = disk ? await launchWithProfile() : null;
    try {
      const script = await bundleHarness(fileURLToPath(new URL('./harness.ts', import.meta.url)));
      const page = profile ? await profile.context.newPage() : await browser.newPage();
      // A secure context (localhost), as the app's own pages are: it may try its file system.
      await openHarness(page, script, 'http://localhost:9');
      await page.evaluate(() => {
        const input = Object.assign(document.createElement('input'), { type: 'file', id: 'f' });
        document.body.append(input);
      });
      await page.setInputFiles('#f', path);
      // The File as the page holds it, its size and time taken, before the file is touched: a
      // change that came first would be the file the page was given (seen once in a loaded run).
      const size = await page.evaluate(
        () => (document.getElementById('f') as HTMLInputElement).files![0].size,
      );
      expect(size).toBe(LINES.join('\n').length + 1);
      if (what === 'gone') rmSync(path);
      if (what === 'changed') {
        appendFileSync(path, `${LINES[0]}\n`);
        // Chromium tells a changed file by its time: one within the same tick passes for the same.
        const later = new Date(Date.now() + 60_000);
        utimesSync(path, later, later);
      }
      const result = await page.evaluate(async (lines) => {
        const file = (document.getElementById('f') as HTMLInputElement).files![0];
        const db = await sequentHarness.openSequentDb({ name: 'file-lines' });
        const repo = new sequentHarness.EventRepository(db);
        const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
        await repo.put({
          sessionId: 's',
          chunkIndex: 0,
          file: 0,
          firstRecord: 0,
          events,
          lines: [1, 2],
          raws: events,
          texts: lines,
          inFile: { source: file, offsets: [0, lines[0].length + 1] },
        });
        const stored = (await db.get('events', ['s', 0])) as unknown as Record<string, unknown>;
        const back = await repo.chunk('s', 0);
        return {
          forms: Object.keys(stored).filter((k) => k === 'eventLines' || k === 'eventTexts'),
          events: back?.events,
        };
      }, LINES);
      expect(result.forms).toEqual([form]);
      expect(result.events).toEqual(LINES.map((l) => JSON.parse(l)));
    } finally {
      await profile?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
