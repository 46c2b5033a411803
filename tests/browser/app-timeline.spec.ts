// The timeline as a responder uses it: every event's density per host over a span of years,
// zoom, an alert's surroundings as events in time order (counted independently from the files
// here), text and category filters, the full record, and stepping between alerts.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import {
  OTRF_PSREMOTING,
  POSITIVE,
  needFile,
  openApp,
  scan,
  showView,
  tempFile,
} from '../fixtures/ui/app-helpers.ts';

interface Doc {
  '@timestamp'?: string;
  host?: { name?: string };
  event?: { category?: string[] };
}

function docsOf(paths: string[]): Doc[] {
  return paths.flatMap((p) =>
    readFileSync(p, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Doc),
  );
}

/** Synthetic: a quiet host two years before the case, so the span covers years with a gap. */
function oldEvents(): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) {
    const t = Date.UTC(2022, 3, 1) + i * 3 * 86_400_000;
    lines.push(
      JSON.stringify({
        '@timestamp': new Date(t).toISOString(),
        host: { name: 'old-host', id: 'old-host' },
        event: { category: ['authentication'], action: 'logged-in', code: '4624' },
        user: { name: 'svc_backup', domain: 'CORP' },
        labels: { synthetic: true },
      }),
    );
  }
  return lines.join('\n') + '\n';
}

test('timeline: density over years, an alert’s surroundings as events, filters and records', async ({
  page,
}) => {
  const files = POSITIVE.map(needFile);
  const old = tempFile('old-host.ndjson', oldEvents());
  await openApp(page);
  await scan(page, [...files, old]);
  await showView(page, 'Timeline');

  // Every host with timed events has a lane, the span reads in years, the canvas is drawn.
  const docs = docsOf([...files, old]);
  const hosts = [...new Set(docs.map((d) => d.host?.name ?? '(no host)'))].sort();
  await expect(page.locator('.lane-label')).toHaveCount(hosts.length);
  await expect(page.getByTestId('timeline-range')).toContainText('year');
  await expect
    .poll(() =>
      page.getByTestId('timeline-density').evaluate((lanes) => {
        let painted = 0;
        for (const canvas of lanes.querySelectorAll('canvas')) {
          const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height);
          for (let i = 3; data && i < data.data.length; i += 4) if (data.data[i] > 0) painted++;
        }
        return painted;
      }),
    )
    .toBeGreaterThan(50);

  // Zooming in narrows the span.
  const before = await page.getByTestId('timeline-range').textContent();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(page.getByTestId('timeline-range')).not.toHaveText(before ?? '');

  // The alert's surroundings: its host, five minutes either side, in time order.
  await page.getByTestId('timeline-next').click();
  const events = page.getByTestId('timeline-event');
  await expect(events.first()).toBeVisible();
  const alertHost = 'wks-0002';
  await expect(page.getByTestId('timeline-events').locator('h3')).toContainText(alertHost);
  const times = await events.locator('td.time').allInnerTexts();
  expect(times).toEqual([...times].sort());
  // Independent count from the files: that host's events within the window shown.
  const [fromText, toText] = (
    await page.getByTestId('timeline-events').locator('h3 .muted').innerText()
  ).split(' → ');
  const from = Date.parse(fromText.trim().replace(' ', 'T') + 'Z');
  const to = Date.parse(toText.trim().slice(0, 23).replace(' ', 'T') + 'Z');
  const expected = docs.filter((d) => {
    const t = Date.parse(d['@timestamp'] ?? '');
    // The heading prints milliseconds, so the window's ends are compared at that precision.
    return d.host?.name === alertHost && t >= from && t <= to;
  }).length;
  await expect(page.getByTestId('timeline-window-count')).toHaveText(
    `${expected.toLocaleString('en-US')} event${expected === 1 ? '' : 's'} in this window`,
  );

  // Text filter: only rows that mention winrshost remain.
  await page.getByLabel("Filter the window's events by text").fill('winrshost');
  await expect(events.first()).toContainText(/winrshost/i);
  const filtered = await events.allInnerTexts();
  expect(filtered.length).toBeGreaterThan(0);
  expect(filtered.length).toBeLessThan(times.length);

  // The full record of an event.
  await events.first().locator('td.time button').click();
  await expect(page.getByTestId('timeline-record')).toContainText('@timestamp');

  // A category switched off leaves the list.
  await page.getByLabel("Filter the window's events by text").fill('');
  await expect(events).toHaveCount(times.length);
  await page
    .getByRole('group', { name: 'Event categories' })
    .getByLabel('process', { exact: true })
    .uncheck();
  const categories = events.locator('td:nth-child(3)');
  await expect.poll(async () => (await categories.allInnerTexts()).includes('process')).toBe(false);
  expect((await categories.allInnerTexts()).length).toBeGreaterThan(0);

  // From the surroundings to the alert itself.
  await page.getByTestId('timeline-open-alert').click();
  await expect(page.getByTestId('alert-detail')).toBeVisible();
});

test('timeline: a long host name is cut with an ellipsis and keeps its event count in sight', async ({
  page,
}) => {
  await openApp(page);
  // Real OTRF recording: its hosts are FQDNs such as WORKSTATION6.theshire.local.
  await scan(page, [needFile(OTRF_PSREMOTING)]);
  await showView(page, 'Timeline');
  const labels = page.locator('.lane-label');
  await expect(labels.first()).toBeVisible();
  const boxes = await labels.evaluateAll((els) =>
    els.map((el) => {
      const host = el.querySelector<HTMLElement>('.host');
      const label = el.getBoundingClientRect();
      const count = el.querySelector('.n')?.getBoundingClientRect();
      return {
        title: host?.title ?? '',
        text: host?.textContent ?? '',
        cut: host ? host.scrollWidth > host.clientWidth : false,
        countInside: !!count && count.width > 0 && count.right <= label.right + 0.5,
      };
    }),
  );
  expect(boxes.some((b) => b.cut)).toBe(true);
  for (const b of boxes) {
    expect(b.countInside, b.title).toBe(true);
    expect(b.title).toBe(b.text);
  }
});
