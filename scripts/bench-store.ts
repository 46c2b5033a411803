// How fast the IndexedDB store takes and gives back normalized events, in real Chromium.
// Run: npx tsx scripts/bench-store.ts [events=200000] [chunk=2000]
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';
import { bundleHarness, openHarness } from '../tests/browser/bundle.ts';

const total = Number(process.argv[2] ?? 200_000);
const chunk = Number(process.argv[3] ?? 2_000);

const script = await bundleHarness(
  fileURLToPath(new URL('../tests/store/harness.ts', import.meta.url)),
);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await openHarness(page, script);
  // A string, not a function: tsx would wrap a function's inner helpers in its own
  // `__name` calls, which do not exist in the page.
  const result = (await page.evaluate(`(async ({ total, chunk }) => {
    const store = await sequentHarness.SequentStore.open({ name: 'bench:' + Math.random() });
    const session = await store.createSession('bench');
    // A Sysmon process-start-sized ECS document.
    const event = (n) => ({
      '@timestamp': new Date(1700000000000 + n * 10).toISOString(),
      event: { category: ['process'], type: ['start'], code: '1', module: 'sysmon' },
      host: { id: 'host-' + (n % 50), name: 'WS' + (n % 50) + '.corp.local' },
      process: {
        pid: 1000 + (n % 5000),
        name: 'cmd.exe',
        executable: 'C:\\\\Windows\\\\System32\\\\cmd.exe',
        command_line: 'cmd.exe /c echo ' + n,
        parent: { name: 'winrshost.exe', pid: 400 + (n % 100) },
      },
      user: { name: 'svc', domain: 'CORP' },
    });
    const chunks = Math.ceil(total / chunk);
    let t = performance.now();
    for (let c = 0; c < chunks; c++) {
      const events = [];
      for (let i = c * chunk; i < Math.min(total, (c + 1) * chunk); i++) events.push(event(i));
      await store.putEventChunk(session.id, c, events);
    }
    const writeMs = performance.now() - t;
    t = performance.now();
    let read = 0;
    for (const c of await store.listEventChunks(session.id)) {
      read += (await store.getEventChunk(session.id, c)).length;
    }
    const readMs = performance.now() - t;
    store.close();
    return { writeMs, readMs, read };
  })(${JSON.stringify({ total, chunk })})`)) as { writeMs: number; readMs: number; read: number };
  const rate = (ms: number) => Math.round(total / (ms / 1000)).toLocaleString('en');
  console.log(
    `store: ${total.toLocaleString('en')} events in chunks of ${chunk}: ` +
      `write ${Math.round(result.writeMs)} ms (${rate(result.writeMs)}/s), ` +
      `read ${Math.round(result.readMs)} ms (${rate(result.readMs)}/s), read back ${result.read}`,
  );
} finally {
  await browser.close();
}
