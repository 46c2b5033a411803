// Offline means offline: a whole session — scan, alerts, evidence, timeline, hunt, rules, every
// export and the session file — makes no request at all once the page has loaded, in both
// builds. Watched three ways: the network as Chromium reports it (the context's requests,
// workers included, and the page's CDP Network domain), and every network API the page could
// call (fetch, XHR, WebSocket, EventSource, sendBeacon, image and script loads).
import { expect, test, type Page } from '@playwright/test';
import {
  POSITIVE,
  needFile,
  openApp,
  scan,
  showView,
  type Build,
} from '../fixtures/ui/app-helpers.ts';

interface Watch {
  network: string[];
  cdp: string[];
  calls: () => Promise<string[]>;
  resources: () => Promise<string[]>;
  arm: () => Promise<void>;
}

async function watchEverything(page: Page): Promise<Watch> {
  const armed = { on: false };
  const network: string[] = [];
  page.context().on('request', (r) => {
    if (armed.on) network.push(`${r.resourceType()} ${r.url()}`);
  });
  const cdp: string[] = [];
  const session = await page.context().newCDPSession(page);
  await session.send('Network.enable');
  session.on('Network.requestWillBeSent', (e) => {
    // data: URLs (the browser's own form-control icons) are decoded in place, never sent.
    if (armed.on && !e.request.url.startsWith('data:'))
      cdp.push(`${e.type ?? '?'} ${e.request.url}`);
  });
  session.on('Network.webSocketCreated', (e) => {
    if (armed.on) cdp.push(`websocket ${e.url}`);
  });
  // Every call of a network API, counted before any policy gets a chance to refuse it.
  await page.addInitScript(() => {
    const calls: string[] = [];
    const g = globalThis as unknown as Record<string, unknown> & { __netCalls: string[] };
    g.__netCalls = calls;
    const note = (what: string) => calls.push(what);
    const wrap = <T extends object>(name: string, target: T, key: keyof T) => {
      const original = target[key] as unknown as (...a: unknown[]) => unknown;
      (target as Record<keyof T, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
        note(`${name} ${String(args[0])}`);
        return original.apply(this, args);
      };
    };
    wrap('fetch', globalThis, 'fetch');
    wrap('xhr', XMLHttpRequest.prototype, 'open');
    wrap('beacon', navigator, 'sendBeacon');
    for (const ctor of ['WebSocket', 'EventSource'] as const) {
      const Original = g[ctor] as new (...a: unknown[]) => object;
      g[ctor] = new Proxy(Original, {
        construct(target, args) {
          note(`${ctor} ${String(args[0])}`);
          return new target(...args);
        },
      });
    }
    for (const [proto, prop] of [
      [HTMLImageElement.prototype, 'src'],
      [HTMLScriptElement.prototype, 'src'],
      [HTMLLinkElement.prototype, 'href'],
      [HTMLIFrameElement.prototype, 'src'],
    ] as const) {
      const d = Object.getOwnPropertyDescriptor(proto, prop)!;
      Object.defineProperty(proto, prop, {
        ...d,
        set(v: string) {
          note(`${proto.constructor.name}.${prop} ${v}`);
          d.set!.call(this, v);
        },
      });
    }
  });
  return {
    network,
    cdp,
    calls: () =>
      page.evaluate(() => (globalThis as unknown as { __netCalls: string[] }).__netCalls),
    // Resource timing lists whatever the page fetched, whichever way.
    resources: () =>
      page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)),
    arm: async () => {
      armed.on = true;
      await page.evaluate(() => {
        (globalThis as unknown as { __netCalls: string[] }).__netCalls.length = 0;
      });
    },
  };
}

async function exportAs(page: Page, testId: string): Promise<string> {
  await page.getByTestId('export-menu').click();
  const pending = page.waitForEvent('download');
  await page.getByTestId(testId).click();
  const download = await pending;
  await page.getByTestId('export-menu').click();
  return download.suggestedFilename();
}

for (const build of ['http', 'single'] as Build[]) {
  test(`a whole session from scan to export makes no request (${build})`, async ({ page }) => {
    test.setTimeout(120_000);
    const files = POSITIVE.map(needFile);
    const watch = await watchEverything(page);
    await openApp(page, build);
    const loaded = await watch.resources();
    await watch.arm();

    expect((await scan(page, files)).replace(/\s+/g, ' ')).toContain('Finished: 2 files, 1 alert');
    await showView(page, 'Alerts');
    await page.getByTestId('alert-row').first().click();
    await expect(page.getByTestId('evidence-step')).toHaveCount(2);
    await showView(page, 'Timeline');
    await expect(page.getByTestId('timeline-mark')).toHaveCount(1);
    await showView(page, 'Hunt');
    await page
      .getByTestId('query-editor')
      .fill('process where process.parent.name == "winrshost.exe"');
    await page.getByTestId('hunt-run').click();
    await expect(page.getByTestId('hunt-summary')).toContainText('events');
    await showView(page, 'Rules');
    await showView(page, 'Alerts');
    const names = [];
    for (const id of [
      'export-ndjson',
      'export-csv',
      'export-navigator',
      'export-html',
      'export-bulk',
    ])
      names.push(await exportAs(page, id));
    expect(names).toHaveLength(5);
    await page.getByRole('button', { name: 'Sessions ▾' }).click();
    const pending = page.waitForEvent('download');
    await page
      .locator('[data-testid=session-item].current')
      .getByRole('button', { name: 'Export' })
      .click();
    await pending;
    // Late stragglers (a lazily loaded image, a beacon on idle) would show by now.
    await page.waitForTimeout(1000);

    expect(watch.network, 'requests Chromium saw').toEqual([]);
    expect(watch.cdp, 'requests in the CDP Network domain').toEqual([]);
    expect(await watch.calls(), 'network API calls').toEqual([]);
    const after = await watch.resources();
    expect(after.slice(loaded.length), 'resource timing entries').toEqual([]);

    // The watch sees a request when there is one: an image load from the page itself shows in
    // all three, a fetch in the API count even where nothing reaches the network.
    const probe = await page.evaluate(() => {
      const url = `${location.href.split(/[?#]/)[0]}?probe`;
      new Image().src = url;
      void fetch('data:text/plain,x').catch(() => null);
      return url;
    });
    await expect
      .poll(() => watch.calls())
      .toEqual([`HTMLImageElement.src ${probe}`, 'fetch data:text/plain,x']);
    await expect.poll(() => watch.cdp).toEqual([`Image ${probe}`]);
    await expect.poll(() => watch.network).toEqual([`image ${probe}`]);
  });
}
