// Raw .evtx records are stored as their chunks' bytes and their XML rendered when opened
// (src/case/evtx-record.ts). In the real page, worker and IndexedDB: a record opened in the
// timeline, an alert's evidence and the session export show exactly the text the scan stored
// before (the reader's XML with its text, computed here in Node), and a case stored the old
// way (each record's XML text in `rawStrings`, as earlier builds wrote it) still opens with the
// same texts. Real files: EVTX-ATTACK-SAMPLES (../shared).
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DirectReader, newStats, readRecords } from '../../src/ingest/evtx/index.ts';
import { DB_NAME } from '../../src/store/open.ts';
import type {
  AlertDetail,
  AlertRow,
  ImportReport,
  SessionSummary,
} from '../../src/worker/app-api.ts';
import type { TimelineEventRecord } from '../../src/worker/timeline-api.ts';
import { SHARED, needFile } from '../fixtures/ui/app-helpers.ts';
import { call, callBlob, openApp, putFile, scan } from '../services/browser-client.ts';

const FILES = [
  join(SHARED, 'samples', 'evtx-attack-samples', 'LM_winrm_exec_sysmon_1_winrshost.evtx'),
  // 351 records in three chunks.
  join(SHARED, 'evtx-corpus', 'evtx', 'Execution__rogue_msi_url_1040_1042.evtx'),
];

const RULE = `# A rule written for this test (not an Elastic rule).
[metadata]
creation_date = "2024/05/01"

[rule]
author = ["Sequent tests"]
description = "A command shell starts (test rule)."
language = "eql"
name = "Test: cmd.exe starts"
risk_score = 21
rule_id = "7e3c1a52-0000-4000-8000-5e9e0e7e5b01"
severity = "low"
type = "eql"
max_signals = 1000
query = '''
process where process.name : "cmd.exe"
'''
`;

/** The XML text each record had as stored before, in file order (what ingest kept). */
async function keptTexts(path: string): Promise<string[]> {
  const b = new Uint8Array(readFileSync(path));
  async function* pieces() {
    for (let i = 0; i < b.length; i += 65536) yield b.subarray(i, i + 65536);
  }
  const direct = new DirectReader(true);
  const out: string[] = [];
  for await (const batch of readRecords(pieces(), () => undefined, newStats(), 0, direct.build))
    for (const r of batch) if (r.event.win) out.push(r.event.xml!);
  return out;
}

interface StoredHead {
  n: number;
  firstRecord: number;
  events: number;
  form: 'evtx' | 'rawStrings' | 'other';
}

/** The session's stored chunks: number, first record, events and how their raws are kept. */
function storedChunks(page: Page, sessionId: string): Promise<StoredHead[]> {
  return page.evaluate(
    ([id, name]) =>
      new Promise<StoredHead[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result
            .transaction('events')
            .objectStore('events')
            .getAll(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
          req.onsuccess = () => {
            open.result.close();
            resolve(
              (req.result as Record<string, unknown>[]).map((c) => {
                const evtx = c.evtx as { at: Int32Array } | undefined;
                const strings = c.rawStrings as string[] | undefined;
                return {
                  n: c.chunkIndex as number,
                  firstRecord: c.firstRecord as number,
                  events: evtx ? evtx.at.length / 2 : (strings?.length ?? -1),
                  form: evtx ? 'evtx' : strings ? 'rawStrings' : 'other',
                };
              }),
            );
          };
          req.onerror = () => reject(req.error);
        };
      }),
    [sessionId, DB_NAME] as const,
  );
}

/** Rewrites the session's chunks as earlier builds stored them: each record's XML text. */
function storeTheOldWay(page: Page, sessionId: string, texts: string[]): Promise<void> {
  return page.evaluate(
    ([id, name, all]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('events', 'readwrite');
          const store = tx.objectStore('events');
          const req = store.getAll(IDBKeyRange.bound([id, -Infinity], [id, Infinity]));
          req.onsuccess = () => {
            for (const c of req.result as Record<string, unknown>[]) {
              const { evtx, ...rest } = c as { evtx: { at: Int32Array }; firstRecord: number };
              const first = rest.firstRecord;
              store.put({ ...rest, rawStrings: all.slice(first, first + evtx.at.length / 2) });
            }
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [sessionId, DB_NAME, texts] as const,
  );
}

/** Every stored record as the timeline opens it, in record order. */
async function openedTexts(page: Page, sessionId: string, heads: StoredHead[]) {
  const out: unknown[] = [];
  for (const h of [...heads].sort((a, b) => a.n - b.n))
    for (let i = 0; i < h.events; i++) {
      const r = await call<TimelineEventRecord>(page, 'timelineEvent', sessionId, {
        chunk: h.n,
        index: i,
      });
      out[h.firstRecord + i] = r.raw;
    }
  return out;
}

/** The raws of the session file's events, in record order. */
async function exportedTexts(page: Page, sessionId: string) {
  const { text } = await callBlob(page, 'exportSession', sessionId);
  const file = JSON.parse(text) as { events: { firstRecord: number; raws: unknown[] }[] };
  const out: unknown[] = [];
  for (const c of file.events) c.raws.forEach((r, i) => (out[c.firstRecord + i] = r));
  return out;
}

/** Each alert step's raw against the text of the record on its line (an .evtx line is its ordinal). */
async function evidence(page: Page, sessionId: string) {
  const rows = await call<AlertRow[]>(page, 'listAlerts', sessionId);
  const steps: { line: number; raw: unknown }[] = [];
  for (const row of rows) {
    const alert = await call<AlertDetail>(page, 'getAlert', sessionId, row.id);
    for (const s of alert.steps) if (s.line !== null) steps.push({ line: s.line, raw: s.raw });
  }
  return steps;
}

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sequent-evtx-records-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const path of FILES) {
  const name = path.slice(path.lastIndexOf('/') + 1);
  test(`${name}: records open with the text stored before, and an old-form case still opens`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    needFile(path);
    const texts = await keptTexts(path);
    expect(texts.length).toBeGreaterThan(0);
    const rulePath = join(dir, 'rule.toml');
    writeFileSync(rulePath, RULE);

    await openApp(page);
    await putFile(page, 'rule', rulePath);
    const imported = (await page.evaluate(() =>
      globalThis.__svc.call('importRules', [[globalThis.__svc.files.rule]]),
    )) as ImportReport;
    expect(imported.imported.length).toBe(1);
    // The .evtx goes in as the File a drop gives (binary, not text).
    await page.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'evtx-input';
      document.body.append(input);
    });
    await page.locator('#evtx-input').setInputFiles(path);
    await page.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('#evtx-input')!;
      globalThis.__svc.files.evtx = input.files![0];
    });
    const session = await call<SessionSummary>(page, 'createSession', name);
    const { outcome } = await scan(page, session.id, 'evtx');
    expect(outcome.files[0].records).toBe(texts.length);

    // Stored as chunk bytes, every record opens as the text stored before.
    const heads = await storedChunks(page, session.id);
    expect(heads.every((h) => h.form === 'evtx')).toBe(true);
    expect(heads.reduce((n, h) => n + h.events, 0)).toBe(texts.length);
    expect(await openedTexts(page, session.id, heads)).toEqual(texts);
    expect(await exportedTexts(page, session.id)).toEqual(texts);
    const steps = await evidence(page, session.id);
    if (name.startsWith('LM_winrm')) expect(steps.length).toBeGreaterThan(0);
    for (const s of steps) expect(s.raw).toBe(texts[s.line - 1]);

    // The same case stored as earlier builds stored it, opened by a fresh page and worker.
    await storeTheOldWay(page, session.id, texts);
    await openApp(page);
    const old = await storedChunks(page, session.id);
    expect(old.every((h) => h.form === 'rawStrings')).toBe(true);
    expect(await openedTexts(page, session.id, old)).toEqual(texts);
    expect(await exportedTexts(page, session.id)).toEqual(texts);
    // A re-run reads the old form: its evidence shows the same texts.
    await call(page, 'rerunRules', session.id);
    for (const s of await evidence(page, session.id)) expect(s.raw).toBe(texts[s.line - 1]);
  });
}
