// The browser's floor of the page benchmarks (app-scan.bench.ts, app-scan-memory.ts): one
// worker of the same browser reads and JSON.parses every line of the files, nothing else.
import type { Page } from '@playwright/test';

// tsx compiles with esbuild's keepNames, which wraps functions in a `__name` helper; functions
// sent to the browser as source need it defined there too.
export const KEEP_NAMES = 'globalThis.__name = (fn) => fn;';

/** One worker of the same browser reads and JSON.parses every line, nothing else. */
function floorSource() {
  self.onmessage = async (event: MessageEvent<File[]>) => {
    const started = performance.now();
    let events = 0;
    const decoder = new TextDecoder();
    for (const file of event.data) {
      const reader = file.stream().getReader();
      let carry = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = carry + decoder.decode(value, { stream: true });
        let start = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
          if (nl > start) {
            JSON.parse(text.slice(start, nl));
            events++;
          }
          start = nl + 1;
        }
        carry = text.slice(start);
      }
      if (carry) {
        JSON.parse(carry);
        events++;
      }
    }
    postMessage({ ms: performance.now() - started, events });
  };
}

/** The floor over the files the page holds as `globalThis[key]`. */
export async function floor(page: Page, key: string): Promise<{ ms: number; events: number }> {
  return page.evaluate(
    ([k, src, keep]) =>
      new Promise((resolve, reject) => {
        const url = URL.createObjectURL(
          new Blob([`${keep}(${src})()`], { type: 'text/javascript' }),
        );
        const worker = new Worker(url);
        worker.onmessage = (e) => {
          worker.terminate();
          resolve(e.data as { ms: number; events: number });
        };
        worker.onerror = (e) => reject(new Error(e.message));
        worker.postMessage((globalThis as unknown as Record<string, File[]>)[k]);
      }),
    [key, floorSource.toString(), KEEP_NAMES] as const,
  );
}
