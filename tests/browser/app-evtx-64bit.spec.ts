// 64-bit values read from a raw .evtx stay exact everywhere a responder sees them: the timeline's
// full record (event and original record), hunt results and the events export. The file is
// SYNTHETIC, written by the test .evtx writer (scripts/evtx-writer) with values beyond 2^53 in
// the System header (Keywords as HexInt64, EventRecordID as UInt64) and in EventData (UInt64,
// Int64, HexInt64 substitutions); the expected texts are the writer's input, not our output.
import { expect, test } from '@playwright/test';
import * as v from '../../scripts/evtx-writer/values.ts';
import { writeEvtx, type WElement, type WTemplate } from '../../scripts/evtx-writer/writer.ts';
import { scan, showView, tempFile } from '../fixtures/ui/app-helpers.ts';
import { call, callBlob, openApp } from '../services/browser-client.ts';

const KEYWORDS = 0x8020000000000000n;
const RECORD_ID = 2n ** 53n + 1n;
const BIG_U64 = 18446744073709551615n;
const BIG_I64 = -9223372036854775807n;
const BIG_HEX = 0xfffffffffffffffen;

const sub = (n: number) => ({ sub: n });
const data = (name: string, n: number): WElement => ({
  name: 'Data',
  attrs: [['Name', name]],
  content: [sub(n)],
});

const TEMPLATE: WTemplate = {
  id: 1,
  root: {
    name: 'Event',
    attrs: [['xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event']],
    content: [
      {
        name: 'System',
        content: [
          { name: 'Provider', attrs: [['Name', 'Sequent-Synthetic']] },
          { name: 'EventID', content: [sub(0)] },
          { name: 'Level', content: [sub(1)] },
          { name: 'Keywords', content: [sub(2)] },
          { name: 'TimeCreated', attrs: [['SystemTime', sub(3)]] },
          { name: 'EventRecordID', content: [sub(4)] },
          { name: 'Channel', content: ['Application'] },
          { name: 'Computer', content: [sub(5)] },
        ],
      },
      {
        name: 'EventData',
        content: [data('BigU64', 6), data('BigI64', 7), data('BigHex', 8)],
      },
    ],
  },
};

function evtxFile(): string {
  const bytes = writeEvtx([
    {
      template: TEMPLATE,
      values: [
        v.u16(4242),
        v.u8(4),
        v.hex64(KEYWORDS),
        v.filetime('2025-03-04T05:06:07.1234567Z'),
        v.uint64(RECORD_ID),
        v.wstr('wide-host.example.test'),
        v.uint64(BIG_U64),
        v.i64(BIG_I64),
        v.hex64(BIG_HEX),
      ],
    },
  ]);
  return tempFile('synthetic-64bit.evtx', Buffer.from(bytes));
}

const EXACT = [
  `0x${KEYWORDS.toString(16)}`,
  String(RECORD_ID),
  String(BIG_U64),
  String(BIG_I64),
  `0x${BIG_HEX.toString(16)}`,
];

test('64-bit values of a raw .evtx print exactly in evidence, the record view, hunt results and exports', async ({
  page,
}) => {
  await openApp(page);
  // A rule of our own that matches the event by its 64-bit text, so it has evidence.
  const [template] = await call<{ id: string }[]>(page, 'listRules');
  await call(page, 'saveRule', {
    ...template,
    id: '',
    name: 'Synthetic: the 64-bit event',
    query: `any where winlog.event_data.BigU64 == "${BIG_U64}"`,
    origin: 'imported',
  });
  await scan(page, [evtxFile()]);
  const { id } = await call<{ id: string }>(page, 'lastSession');

  // Evidence: the alert's event as the detail shows it.
  await showView(page, 'Alerts');
  const alert = page.getByTestId('alert-row').filter({ hasText: 'Synthetic: the 64-bit event' });
  await alert.click();
  const evidence = page.getByTestId('alert-detail').getByTestId('evidence-step');
  await expect(evidence).toHaveCount(1);
  for (const text of EXACT) await expect(evidence).toContainText(text);

  // The timeline's full record: the event and its original record.
  await showView(page, 'Timeline');
  const plot = page.locator('.plot');
  const box = await plot.boundingBox();
  if (!box) throw new Error('no timeline chart');
  // The view is the one event ± a second: its column is the middle one.
  await page.mouse.click(box.x + box.width / 2, box.y + 20);
  await page.getByTestId('timeline-event').first().locator('td.time button').click();
  const record = page.getByTestId('timeline-record');
  await record.locator('summary').click();
  for (const text of EXACT) await expect(record).toContainText(text);

  // Hunting: the query names the fields, the row shows them as written.
  await showView(page, 'Hunt');
  await page
    .getByTestId('query-editor')
    .fill(`any where winlog.event_data.BigU64 == "${BIG_U64}" and winlog.keywords != null`);
  await page.getByTestId('hunt-run').click();
  const row = page.getByTestId('hunt-row').first();
  await expect(row).toContainText(String(BIG_U64));
  await expect(row).toContainText(EXACT[0]);

  // The events export (_bulk NDJSON): exact in the text itself.
  const { text } = await callBlob(page, 'exportEvents', id, 'logs-windows');
  for (const value of EXACT) expect(text).toContain(value);
});
