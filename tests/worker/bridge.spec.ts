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
  outcome(call: Promise<unknown>): Promise<Outcome>;
  spawnCrashingWorker: W.WorkerFactory;
};
type Outcome = { ok: boolean; value?: unknown; stopped?: string; message?: string };
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

test('a call to a worker that crashes settles with the crash, and later calls fail at once', async ({
  harness: page,
}) => {
  const result = await page.evaluate(async () => {
    const crashes: string[] = [];
    const bridge = await sequentHarness.WorkerBridge.start(sequentHarness.spawnCrashingWorker, {
      onCrash: (message) => crashes.push(message),
    });
    const hello = await bridge.run((api) => api.hello());
    const during = await sequentHarness.outcome(bridge.run((api) => api.echo('x')));
    const running = bridge.running;
    const began = performance.now();
    const after = await sequentHarness.outcome(bridge.run((api) => api.hello()));
    return { hello, during, running, after, afterMs: performance.now() - began, crashes };
  });
  expect(result.hello.version).toBe(version);
  expect(result.during).toMatchObject({ ok: false, stopped: 'crashed' });
  expect(result.during.message).toContain('simulated crash');
  expect(result.running).toBe(false);
  expect(result.after).toMatchObject({ ok: false, stopped: 'crashed' });
  expect(result.afterMs).toBeLessThan(100);
  expect(result.crashes).toHaveLength(1);
  expect(result.crashes[0]).toContain('simulated crash');
});

test('terminating a worker settles the calls still in flight', async ({ harness: page }) => {
  const result = await page.evaluate(async () => {
    const bridge = await sequentHarness.WorkerBridge.start(sequentHarness.spawnSequentWorker);
    const inFlight = sequentHarness.outcome(bridge.run((api) => api.echo('late')));
    bridge.terminate();
    return await inFlight;
  });
  expect(result).toMatchObject({ ok: false, stopped: 'terminated' });
});

test('the pool routes around a crashed worker', async ({ harness: page }) => {
  const result = await page.evaluate(async () => {
    let n = 0;
    const pool = await sequentHarness.WorkerPool.start(
      () =>
        n++ === 0 ? sequentHarness.spawnCrashingWorker() : sequentHarness.spawnSequentWorker(),
      { size: 2 },
    );
    // Worker 0 is the crashing one; the first task goes to it.
    const crashed = await sequentHarness.outcome(pool.run((api) => api.echo('boom')));
    const after = await Promise.all(
      [1, 2, 3].map((v) => pool.run(async (api, worker) => ({ worker, v: await api.echo(v) }))),
    );
    const result = { crashed, running: pool.running, size: pool.size, after };
    pool.terminate();
    return result;
  });
  expect(result.crashed).toMatchObject({ ok: false, stopped: 'crashed' });
  expect(result.size).toBe(2);
  expect(result.running).toBe(1);
  expect(result.after).toEqual([
    { worker: 1, v: 1 },
    { worker: 1, v: 2 },
    { worker: 1, v: 3 },
  ]);
});
