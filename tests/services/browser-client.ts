// Talks to the real worker of the real page from Playwright tests: the page's Worker
// constructor is wrapped (before any page script runs) so the test can reach the workers the
// app starts, and a few lines of comlink's wire protocol call AppApi methods on the first
// one, as the UI does. Real page, real worker, real IndexedDB; nothing is mocked.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';

declare global {
  var __svc: {
    workers: Worker[];
    progress: unknown[];
    files: Record<string, File>;
    call(method: string, args: unknown[], withProgress?: boolean): Promise<unknown>;
  };
}

function installClient() {
  const workers: Worker[] = [];
  const Native = globalThis.Worker;
  globalThis.Worker = class extends Native {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      workers.push(this);
    }
  };
  const svc: typeof globalThis.__svc = {
    workers,
    progress: [],
    files: {},
    call(method, args, withProgress = false) {
      const worker = workers[0];
      if (!worker) return Promise.reject(new Error('the app has not started a worker yet'));
      return new Promise((resolve, reject) => {
        const id = `svc-${Math.random().toString(36).slice(2)}-${Date.now()}`;
        const argumentList: unknown[] = args.map((value) => ({ type: 'RAW', value }));
        const transfer: Transferable[] = [];
        if (withProgress) {
          const { port1, port2 } = new MessageChannel();
          port1.onmessage = (event) => {
            const data = event.data;
            if (data.type === 'APPLY') svc.progress.push(data.argumentList[0]?.value);
            port1.postMessage({ id: data.id, type: 'RAW', value: undefined });
          };
          argumentList.push({ type: 'HANDLER', name: 'proxy', value: port2 });
          transfer.push(port2);
        }
        const onMessage = (event: MessageEvent) => {
          const data = event.data;
          if (!data || data.id !== id) return;
          worker.removeEventListener('message', onMessage);
          if (data.type === 'HANDLER' && data.name === 'throw') {
            const thrown = data.value;
            reject(thrown.isError ? new Error(thrown.value.message) : thrown.value);
          } else resolve(data.value);
        };
        worker.addEventListener('message', onMessage);
        worker.postMessage({ id, type: 'APPLY', path: [method], argumentList }, transfer);
      });
    },
  };
  globalThis.__svc = svc;
}

/** Opens the app (a path on the preview server, or a file:// URL) with the client installed. */
export async function openApp(page: Page, url = './') {
  await page.addInitScript(installClient);
  await page.goto(url);
  await expect
    .poll(() => page.evaluate(() => globalThis.__svc.workers.length), { timeout: 15_000 })
    .toBeGreaterThan(0);
  // The handshake proves the worker is listening before the first call.
  await expect
    .poll(
      () =>
        call(page, 'hello').then(
          () => true,
          () => false,
        ),
      { timeout: 15_000 },
    )
    .toBe(true);
  // The page builds the demo session on a first visit; calls made before it has settled race
  // that build (a demo finished after a test's own session would become the last used one).
  await expect(page.locator('.app[data-ready="true"]')).toBeVisible({ timeout: 30_000 });
}

/** Calls an AppApi method on the worker; Blob results come back as text. */
export async function call<T = unknown>(
  page: Page,
  method: string,
  ...args: unknown[]
): Promise<T> {
  return page.evaluate(
    async ([m, a]) => {
      const resolved = (a as unknown[]).map((v) =>
        typeof v === 'object' && v !== null && '__files' in v
          ? (v as { __files: string[] }).__files.map((k) => globalThis.__svc.files[k])
          : typeof v === 'object' && v !== null && '__blob' in v
            ? new Blob([(v as { __blob: string }).__blob])
            : v,
      );
      const result = await globalThis.__svc.call(m as string, resolved);
      return (
        result instanceof Blob
          ? {
              // Compressed results (session files) are read as the text they hold.
              __text:
                result.type === 'application/gzip'
                  ? await new Response(
                      result.stream().pipeThrough(new DecompressionStream('gzip')),
                    ).text()
                  : await result.text(),
              __type: result.type,
            }
          : result
      ) as never;
    },
    [method, args] as const,
  ) as Promise<T>;
}

/** The text and MIME type of a Blob a method returned. */
export async function callBlob(page: Page, method: string, ...args: unknown[]) {
  const r = await call<{ __text: string; __type: string }>(page, method, ...args);
  return { text: r.__text, type: r.__type };
}

/** Puts a file from disk into the page as a File, under `key`. */
export async function putFile(
  page: Page,
  key: string,
  path: string,
  name = path.split('/').pop()!,
) {
  const text = readFileSync(path, 'utf8');
  await page.evaluate(([k, n, t]) => void (globalThis.__svc.files[k] = new File([t], n)), [
    key,
    name,
    text,
  ] as const);
}

export const files = (...keys: string[]) => ({ __files: keys });
export const blobOf = (text: string) => ({ __blob: text });

/** Scans the files under `keys` into a session, recording progress in the page. */
export async function scan(page: Page, sessionId: string, ...keys: string[]) {
  return page.evaluate(
    async ([sid, k]) => {
      globalThis.__svc.progress = [];
      const list = (k as string[]).map((key) => globalThis.__svc.files[key]);
      const outcome = await globalThis.__svc.call('scanFiles', [sid, list], true);
      return { outcome, progress: globalThis.__svc.progress };
    },
    [sessionId, keys] as const,
  ) as Promise<{
    outcome: import('../../src/worker/app-api.ts').ScanOutcome;
    progress: import('../../src/worker/app-api.ts').ScanProgress[];
  }>;
}
