// A plain NDJSON file dropped on the page is stored as slices of itself (src/store/file-lines.ts)
// where the browser keeps its own copy of them: in real Chromium, with a File read from disk and
// real IndexedDB, the chunks hold Blobs and no texts, and the events read back (exported, after
// the file is gone and the page reloaded too) are the ones ingest makes of the same bytes. The
// file is Winlogbeat's own ECS documents with synthetic messiness.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ingestFile } from '../../src/ingest/ingest.ts';
import { DB_NAME } from '../../src/store/open.ts';
import type { SessionSummary } from '../../src/worker/app-api.ts';
import { call, callBlob, openApp, scan } from '../services/browser-client.ts';
import { sharedOrSkip } from '../services/helpers.ts';
import { goldenLines, messyFile } from '../store/messy-ndjson.ts';
import { singleFileUrl } from './support.ts';
import { launchWithProfile } from '../../bench/browser-profile.ts';

/** Puts the file at `path` into the page as the browser's own File, read from disk. */
async function putDiskFile(page: Page, key: string, path: string) {
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: 'disk' });
    document.body.append(input);
  });
  await page.setInputFiles('#disk', path);
  await page.evaluate((k) => {
    const input = document.getElementById('disk') as HTMLInputElement;
    globalThis.__svc.files[k] = input.files![0];
    input.remove();
  }, key);
}

/** What each stored chunk of the session keeps of its lines. */
function storedForms(page: Page, sessionId: string) {
  return page.evaluate(
    async ([name, sid]) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const all = await new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const q = db
          .transaction('events')
          .objectStore('events')
          .getAll(IDBKeyRange.bound([sid, -Infinity], [sid, Infinity]));
        q.onsuccess = () => resolve(q.result as Record<string, unknown>[]);
        q.onerror = () => reject(q.error);
      });
      db.close();
      return all.map((c) =>
        ['eventLines', 'rawLines', 'eventTexts', 'rawTexts']
          .filter((k) => c[k] !== undefined)
          .map((k) =>
            k.endsWith('Lines') && (c[k] as { blob: unknown }).blob instanceof Blob
              ? `${k}:blob`
              : k,
          )
          .join(','),
      );
    },
    [DB_NAME, sessionId] as const,
  );
}

/** The ECS documents of the session's events export, in order. */
async function exported(page: Page, sessionId: string): Promise<unknown[]> {
  const { text } = await callBlob(page, 'exportEvents', sessionId, 'file-lines');
  return text
    .trimEnd()
    .split('\n')
    .filter((_, i) => i % 2 === 1)
    .map((l) => JSON.parse(l));
}

// Where IndexedDB keeps only a reference to a File (off the record) or where the page cannot
// find out (file:// has no private file system to try it on), the texts are stored: the events
// must outlive the file on disk either way.
const CASES = [
  { name: 'http, a profile on disk', disk: true, single: false, form: 'rawLines:blob' },
  { name: 'http, off the record', disk: false, single: false, form: 'rawTexts' },
  { name: 'file://, a profile on disk', disk: true, single: true, form: 'rawTexts' },
] as const;

for (const { name, disk, single, form } of CASES)
  test(`a plain NDJSON file reads back as ingest made it, after the file is gone (${name})`, async ({
    browser,
    baseURL,
  }) => {
    const golden = sharedOrSkip('winlogbeat-golden');
    test.skip(!golden, 'the Winlogbeat fixtures are not next to the repository');
    const bytes = messyFile(goldenLines(golden!));
    const dir = mkdtempSync(join(tmpdir(), 'sequent-lines-'));
    const profile = disk ? await launchWithProfile({ baseURL }) : null;
    try {
      const path = join(dir, 'messy-golden.ndjson');
      writeFileSync(path, bytes);
      const docs: unknown[] = [];
      await ingestFile(
        {
          name: 'messy-golden.ndjson',
          size: bytes.length,
          stream: () => new Blob([bytes]).stream(),
        },
        (events) => void docs.push(...events.map((e) => JSON.parse(JSON.stringify(e.doc)))),
      );

      const page = profile ? await profile.context.newPage() : await browser.newPage({ baseURL });
      const url = single ? singleFileUrl() : './';
      await openApp(page, url);
      await putDiskFile(page, 'messy', path);
      const session = await call<SessionSummary>(page, 'createSession', 'file lines');
      const { outcome } = await scan(page, session.id, 'messy');
      expect(outcome.files.map((f) => f.status)).toEqual(['done']);

      const forms = await storedForms(page, session.id);
      expect(forms.length).toBeGreaterThan(0);
      expect(new Set(forms)).toEqual(new Set([form]));
      expect(await exported(page, session.id)).toEqual(docs);

      // The file taken away (a USB stick pulled): the case still holds every event.
      rmSync(path);
      await page.reload();
      await openApp(page, url);
      expect(await exported(page, session.id)).toEqual(docs);
    } finally {
      await profile?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
