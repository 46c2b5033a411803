import { expect, test } from '@playwright/test';
import { harnessWithQuota } from './quota-page.ts';
import type * as Store from '../../src/store/index.ts';
import type { AlertRepository } from '../../src/store/alerts.ts';
import type { EventRepository } from '../../src/store/events.ts';

// Writes refused for lack of room reject with QuotaExceededError, in real Chromium with the
// origin's quota made small through the DevTools protocol (set before the page first touches
// storage): the scan can then tell a full disk from a crash and ask the user what to do.

type Harness = {
  noise(n: number): string;
  openSequentDb: typeof Store.openSequentDb;
  EventRepository: typeof EventRepository;
  AlertRepository: typeof AlertRepository;
};
declare const sequentHarness: Harness;

const ORIGIN = 'http://sequent-quota.test';

test('event and alert writes refused by the quota reject with QuotaExceededError', async ({
  browser,
}) => {
  const page = await harnessWithQuota(browser, ORIGIN, 400_000);
  const result = await page.evaluate(async () => {
    const db = await sequentHarness.openSequentDb({ name: 'quota' });
    const events = new sequentHarness.EventRepository(db);
    const alerts = new sequentHarness.AlertRepository(db);
    const { noise } = sequentHarness;
    const chunk = (n: number) => ({
      sessionId: 's',
      chunkIndex: n,
      file: 0,
      firstRecord: n,
      events: [{ message: noise(60_000) }],
      lines: [1],
      raws: [{ message: 'raw' }],
    });
    let stored = 0;
    let eventError = '';
    for (let n = 0; n < 20 && !eventError; n++) {
      try {
        await events.put(chunk(n));
        stored++;
      } catch (e) {
        eventError = (e as DOMException).name;
      }
    }
    let alertError = '';
    try {
      // Many requests in one transaction: each request sees only the abort.
      await alerts.replace(
        's',
        Array.from({ length: 20 }, (_, i) => ({
          id: `a${i}`,
          sessionId: 's',
          ruleId: 'r',
          ruleName: 'r',
          severity: 'high',
          timestamp: i,
          detail: { note: noise(20_000) },
        })) as never,
      );
    } catch (e) {
      alertError = (e as DOMException).name;
    }
    db.close();
    return { stored, eventError, alertError };
  });
  await page.close();
  expect(result.stored).toBeGreaterThan(0);
  expect(result.stored).toBeLessThan(20);
  expect(result.eventError).toBe('QuotaExceededError');
  expect(result.alertError).toBe('QuotaExceededError');
});
