import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from '@playwright/test';
import { harnessTest } from '../browser/bundle.ts';
import type * as W from '../../src/worker/index.ts';
import type * as Store from '../../src/store/index.ts';

// The worker bridge and pool in real Chromium, with the real worker (see harness.ts).

type Attempt = {
  ok: boolean;
  ms: number;
  isStartError?: boolean;
  failure?: string;
  message?: string;
};
type Harness = {
  WorkerBridge: typeof W.WorkerBridge;
  WorkerPool: typeof W.WorkerPool;
  SequentStore: typeof Store.SequentStore;
  spawnSequentWorker: W.WorkerFactory;
  spawnBrokenWorker: typeof W.spawnBrokenWorker;
  attempt(start: () => Promise<{ terminate(): void }>): Promise<Attempt>;
};
declare const sequentHarness: Harness;

const version = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

const test = harnessTest(fileURLToPath(new URL('./harness.ts', import.meta.url)));

test('the handshake reports the version, and values survive the round trip', async ({
  harness: page,
}) => {
  const result = await page.evaluate(async () => {
    const bridge = await sequentHarness.WorkerBridge.start(sequentHarness.spawnSequentWorker);
    const sent = {
      text: 'ünïcödé ✓',
      when: new Date(86_400_000),
      big: 2n ** 70n,
      bytes: new Uint8Array([0, 255, 7]),
      map: new Map([['k', [1, null, { deep: true }]]]),
      nothing: undefined,
    };
    const back = await bridge.api.echo(sent);
    bridge.terminate();
    return {
      hello: bridge.hello,
      same:
        back.text === sent.text &&
        back.when instanceof Date &&
        back.when.getTime() === 86_400_000 &&
        back.big === 2n ** 70n &&
        back.bytes instanceof Uint8Array &&
        [...back.bytes].join() === '0,255,7' &&
        JSON.stringify([...back.map]) === JSON.stringify([...sent.map]) &&
        'nothing' in back,
      notSameObject: back !== sent,
    };
  });
  expect(result.hello).toEqual({ version, single: true });
  expect(result.same).toBe(true);
  expect(result.notSameObject).toBe(true);
});

test('a worker that throws while loading is reported at once, not after the timeout', async ({
  harness: page,
}) => {
  const result = await page.evaluate(() =>
    sequentHarness.attempt(() =>
      sequentHarness.WorkerBridge.start(sequentHarness.spawnBrokenWorker('error'), {
        timeoutMs: 20_000,
      }),
    ),
  );
  expect(result).toMatchObject({ ok: false, isStartError: true, failure: 'error' });
  expect(result.message).toContain('The scanning worker could not start');
  expect(result.message).toContain('simulated start-up failure');
  expect(result.ms).toBeLessThan(3_000);
});

test('a worker that never answers fails after the timeout', async ({ harness: page }) => {
  const result = await page.evaluate(() =>
    sequentHarness.attempt(() =>
      sequentHarness.WorkerBridge.start(sequentHarness.spawnBrokenWorker('silent'), {
        timeoutMs: 400,
      }),
    ),
  );
  expect(result).toMatchObject({ ok: false, isStartError: true, failure: 'timeout' });
  expect(result.message).toContain('did not answer within 0.4 s');
  expect(result.ms).toBeGreaterThanOrEqual(390);
  expect(result.ms).toBeLessThan(2_000);
});

test('a worker script that cannot be fetched is reported as a load failure', async ({
  harness: page,
}) => {
  const result = await page.evaluate(() =>
    sequentHarness.attempt(() =>
      sequentHarness.WorkerBridge.start(() => new Worker('/no-such-worker.js'), {
        timeoutMs: 20_000,
      }),
    ),
  );
  expect(result).toMatchObject({ ok: false, isStartError: true, failure: 'error' });
  expect(result.ms).toBeLessThan(5_000);
});

test('a worker the browser refuses to create is reported as blocked', async ({ harness: page }) => {
  const result = await page.evaluate(() =>
    sequentHarness.attempt(() =>
      sequentHarness.WorkerBridge.start(() => new Worker('https://elsewhere.invalid/w.js')),
    ),
  );
  expect(result).toMatchObject({ ok: false, isStartError: true, failure: 'blocked' });
  expect(result.message).toContain('refused to create it');
});

test('the pool spreads concurrent tasks over all its workers', async ({ harness: page }) => {
  const result = await page.evaluate(async () => {
    const pool = await sequentHarness.WorkerPool.start(sequentHarness.spawnSequentWorker, {
      size: 3,
    });
    const used = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((n) =>
        pool.run(async (api, worker) => ({ worker, n: await api.echo(n) })),
      ),
    );
    const everywhere = await pool.each((api, worker) => api.echo(worker));
    pool.terminate();
    return { size: pool.size, used, everywhere };
  });
  expect(result.size).toBe(3);
  expect(result.used.map((u) => u.n)).toEqual([0, 1, 2, 3, 4, 5]);
  expect(new Set(result.used.map((u) => u.worker))).toEqual(new Set([0, 1, 2]));
  expect(result.everywhere).toEqual([0, 1, 2]);
});

test('the pool keeps the workers that started and fails only when none did', async ({
  harness: page,
}) => {
  const result = await page.evaluate(async () => {
    let n = 0;
    const good = sequentHarness.spawnSequentWorker;
    const bad = sequentHarness.spawnBrokenWorker('error');
    const mixed = await sequentHarness.WorkerPool.start(() => (n++ % 2 === 0 ? good() : bad()), {
      size: 4,
    });
    const size = mixed.size;
    mixed.terminate();
    const none = await sequentHarness.attempt(() =>
      sequentHarness.WorkerPool.start(bad, { size: 3 }),
    );
    return { size, none };
  });
  expect(result.size).toBe(2);
  expect(result.none).toMatchObject({ ok: false, isStartError: true, failure: 'error' });
});

test('the worker and the page read and write the same database', async ({ harness: page }) => {
  const result = await page.evaluate(async () => {
    const bridge = await sequentHarness.WorkerBridge.start(sequentHarness.spawnSequentWorker);
    const page = await sequentHarness.SequentStore.open();
    const key = `k${Math.random().toString(36).slice(2)}`;
    await bridge.api.putNote(key, 'from the worker');
    const seenByPage = await page.getNote(key);
    await page.putNote(key, 'from the page');
    const seenByWorker = await bridge.api.getNote(key);
    const absent = await bridge.api.getNote(`${key}-absent`);
    page.close();
    bridge.terminate();
    return { seenByPage, seenByWorker, absent };
  });
  expect(result).toEqual({
    seenByPage: 'from the worker',
    seenByWorker: 'from the page',
    absent: undefined,
  });
});
