// The page as the .evtx page benchmarks drive it: a build served, Chromium opened on it with
// one file (or several) chosen, and a scan of them through the worker's service into a fresh
// session (deleted after, so every scan starts alike). `progress` asks for the scan's progress
// reports as the UI does (bench/app-scan.bench.ts does too). `disk` opens Chromium on a profile
// folder of its own (bench/browser-profile.ts), so IndexedDB is written to disk as in a user's
// browser; without it the page runs in an off-the-record context, whose IndexedDB lives in the
// browser process's memory.
import { chromium, type Browser, type Page } from '@playwright/test';
import { CHROMIUM, CHROMIUM_ARGS } from '../playwright.config.ts';
import { serveStatic } from '../tests/browser/static-server.ts';
import { openApp } from '../tests/services/browser-client.ts';
import { launchWithProfile } from './browser-profile.ts';

export interface ScanPage {
  /** The browser (for its tracing); null on a profile of its own (`disk`). */
  browser: Browser | null;
  page: Page;
  /** Scans the file once; resolves to the scan's wall time in ms as the page measured it. */
  scan: () => Promise<number>;
  close: () => Promise<void>;
}

export async function openScanPage(
  dist: string,
  file: string | string[],
  label: string,
  progress = false,
  disk = false,
): Promise<ScanPage> {
  const server = await serveStatic(dist, '/');
  const profile = disk ? await launchWithProfile() : null;
  const browser = profile
    ? null
    : await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const close = async () => {
    await (profile ? profile.close() : browser!.close());
    await server.close();
  };
  try {
    const page = profile
      ? (profile.context.pages()[0] ?? (await profile.context.newPage()))
      : await browser!.newPage();
    await page.addInitScript('globalThis.__name = (fn) => fn;');
    await openApp(page, server.url);
    const input = await chosenFiles(page, Array.isArray(file) ? file : [file]);
    const scan = () =>
      page.evaluate(
        async ([el, name, withProgress]) => {
          const svc = globalThis.__svc;
          const session = (await svc.call('createSession', [name])) as { id: string };
          const t = performance.now();
          const files = [...(el as HTMLInputElement).files!];
          await svc.call('scanFiles', [session.id, files], withProgress);
          const ms = performance.now() - t;
          await svc.call('deleteSession', [session.id]);
          return ms;
        },
        [input, label, progress] as const,
      );
    return { browser, page, scan, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Imports the rules of file `rules` into the open page; resolves to how many were imported. */
/** A file input added to the page with `files` chosen in it, as a person picks them. */
export async function chosenFiles(page: Page, files: string[]) {
  const input = await page.evaluateHandle(() => {
    const el = document.createElement('input');
    el.type = 'file';
    el.multiple = true;
    el.style.display = 'none';
    document.body.append(el);
    return el;
  });
  await input.setInputFiles(files);
  return input;
}

export async function importRules(page: Page, rules: string): Promise<number> {
  const input = await page.evaluateHandle(() => {
    const el = document.createElement('input');
    el.type = 'file';
    document.body.append(el);
    return el;
  });
  await input.setInputFiles([rules]);
  return page.evaluate(async (el) => {
    const files = [...(el as HTMLInputElement).files!];
    const report = (await globalThis.__svc.call('importRules', [files])) as {
      imported: unknown[];
    };
    return report.imported.length;
  }, input);
}
