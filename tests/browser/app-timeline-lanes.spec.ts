// The timeline's host lanes on a case with many hosts: only a window's worth of lanes exist in
// the page (labels and canvases), the lane area keeps the height of all of them, scrolling brings
// the others in with their density painted, and every host is reached, by the wheel over the
// host names and by the keyboard. Counts elements, not time, so the load of the machine cannot
// make it flaky. The session is SYNTHETIC (tests/fixtures/ui/timeline-seed.ts): 60 hosts
// `ws-000`…`ws-059`, every one with events over the whole span.
import { expect, test, type Page } from '@playwright/test';
import { call, openApp } from '../services/browser-client.ts';
import { seedTimelineSession } from '../fixtures/ui/timeline-seed.ts';
import { timeToDensity } from '../fixtures/ui/timeline-measure.ts';
import { OVERSCAN } from '../../src/ui/timeline/lane-window.ts';

const HOSTS = 60;
const LANE = 44;
const ALL = Array.from({ length: HOSTS }, (_, i) => `ws-${String(i).padStart(3, '0')}`);

interface Lanes {
  labels: string[];
  canvases: string[];
  /** Hosts whose canvas shows the wanted view's density and has painted pixels. */
  painted: string[];
  /** Hosts whose lane shows at least a row in the lane area's visible part. */
  visible: string[];
  /** Most lanes a window may hold: the visible part's lanes, a partial one, and the overscan. */
  most: number;
  height: number;
}

function lanes(page: Page): Promise<Lanes> {
  return page.evaluate(
    ([lane, overscan]) => {
      const scroller = document.querySelector<HTMLElement>('[data-testid=timeline-lanes]');
      const density = document.querySelector<HTMLElement>('[data-testid=timeline-density]');
      const plot = document.querySelector<HTMLElement>('.plot');
      if (!scroller || !density || !plot) throw new Error('no timeline lanes');
      const area = scroller.getBoundingClientRect();
      const canvases = [...density.querySelectorAll('canvas')];
      const painted = canvases.filter((c) => {
        if (c.dataset.drawn !== density.dataset.view) return false;
        const data = c.getContext('2d')?.getImageData(0, 0, c.width, c.height).data;
        // Alpha of any pixel above the lane's separator row.
        for (let i = 3; data && i < data.length - c.width * 4 * 4; i += 4) {
          if (data[i] > 0) return true;
        }
        return false;
      });
      return {
        labels: [...document.querySelectorAll('.lane-label')].map(
          (l) => l.querySelector('span')?.textContent ?? '',
        ),
        canvases: canvases.map((c) => c.dataset.host ?? ''),
        painted: painted.map((c) => c.dataset.host ?? ''),
        visible: canvases
          .filter((c) => {
            const r = c.getBoundingClientRect();
            return r.bottom > area.top && r.top < area.top + scroller.clientHeight;
          })
          .map((c) => c.dataset.host ?? ''),
        most: Math.ceil(scroller.clientHeight / lane) + 1 + 2 * overscan,
        height: plot.getBoundingClientRect().height,
      };
    },
    [LANE, OVERSCAN] as const,
  );
}

/** Waits until every lane on screen shows the view's density, and returns the lanes. */
async function settled(page: Page): Promise<Lanes> {
  let last: Lanes | undefined;
  await expect
    .poll(async () => {
      last = await lanes(page);
      return last.visible.length > 0 && last.visible.every((h) => last?.painted.includes(h));
    })
    .toBe(true);
  if (!last) throw new Error('unreachable');
  return last;
}

test('sixty hosts: a window of lanes exists, scrolling paints the others, every host is reached', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await openApp(page);
  await seedTimelineSession(page, call, {
    events: 12_000,
    hosts: HOSTS,
    start: Date.UTC(2025, 0, 1),
    spanMs: 7 * 86_400_000,
  });
  await page.reload();
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
  await timeToDensity(page, { tab: 'Timeline' }, 60_000);
  await expect(page.getByText(`12,000 events on ${HOSTS} hosts`)).toBeVisible();

  // At the top: the first hosts, a window's worth of labels and canvases, all painted; the lane
  // area is as tall as every lane.
  const top = await settled(page);
  expect(top.labels[0]).toBe('ws-000');
  expect(top.visible).toContain('ws-000');
  expect(top.canvases.length).toBeLessThanOrEqual(top.most);
  expect(top.labels.length).toBe(top.canvases.length);
  expect(top.canvases.length).toBeLessThan(HOSTS / 2);
  expect(top.canvases).not.toContain('ws-059');
  expect(top.height).toBe(HOSTS * LANE);

  // The wheel over the host names scrolls the lanes: page by page every host comes in, with its
  // density painted, and the page never holds more than a window of lanes.
  const seen = new Set(top.visible);
  const labels = page.locator('.labels');
  const box = await labels.boundingBox();
  if (!box) throw new Error('no host names on screen');
  await page.mouse.move(box.x + 60, box.y + 40);
  for (let i = 0; i < 20 && !seen.has('ws-059'); i++) {
    await page.mouse.wheel(0, 200);
    const now = await settled(page);
    expect(now.canvases.length).toBeLessThanOrEqual(now.most);
    expect(now.labels.length).toBe(now.canvases.length);
    for (const h of now.visible) seen.add(h);
  }
  expect([...seen].sort()).toEqual(ALL);
  const bottom = await lanes(page);
  expect(bottom.canvases).not.toContain('ws-000');

  // A click on a lane scrolled to selects that host's events.
  const target = bottom.visible[Math.floor(bottom.visible.length / 2)];
  await page.locator(`canvas[data-host="${target}"]`).click({ position: { x: 200, y: 20 } });
  await expect(page.getByTestId('timeline-events').locator('h3')).toContainText(target);

  // The keyboard reaches them too: Home brings the first host back, painted again, End the last.
  await page.getByTestId('timeline-lanes').focus();
  await page.keyboard.press('Home');
  await expect.poll(async () => (await settled(page)).visible).toContain('ws-000');
  await page.keyboard.press('End');
  await expect.poll(async () => (await settled(page)).visible).toContain('ws-059');
  const end = await lanes(page);
  expect(end.canvases.length).toBeLessThanOrEqual(end.most);
});
