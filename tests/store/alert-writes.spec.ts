import { expect, test } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { bundleHarness, openHarness } from '../browser/bundle.ts';
import type * as Store from '../../src/store/index.ts';
import type { IdbSink } from '../../src/worker/app/idb-sink.ts';
import type { Repos } from '../../src/worker/app/repos.ts';
import type { AlertBody } from '../../src/worker/app/model.ts';
import { syntheticAlert } from '../services/alert-fixture.ts';

// A scan stores its alerts at every checkpoint, and a correlation run hands back the very body
// it built before for an alert that has not changed. With a folder of hundreds of files and
// hundreds of alerts, rewriting every alert each time kept IndexedDB busier than the scan (277
// .evtx files with Elastic's Windows rules: minutes instead of seconds). In real Chromium and
// IndexedDB: only new or rebuilt bodies are written, and the stored set is always the last one.

type Harness = {
  openSequentDb: typeof Store.openSequentDb;
  Repos: typeof Repos;
  IdbSink: typeof IdbSink;
};
declare const sequentHarness: Harness;

function body(n: number): AlertBody {
  const {
    status: _s,
    hiddenBy: _h,
    triage: _t,
    ...rest
  } = syntheticAlert({
    id: `s1/${n}`,
    ruleName: `Rule ${n}`,
  });
  return { ...rest, identity: `rule-1/${n}` };
}

test('a scan writes only the alerts it has not stored, and the store holds the last set', async ({
  browser,
}) => {
  const script = await bundleHarness(fileURLToPath(new URL('./harness.ts', import.meta.url)));
  const page = await browser.newPage();
  await openHarness(page, script);
  const bodies = [1, 2, 3].map(body);
  const steps = await page.evaluate(async ([a, b, c]) => {
    const db = await sequentHarness.openSequentDb({ name: 'alert-writes' });
    const repos = new sequentHarness.Repos(db);
    const written: string[][] = [];
    const update = repos.alerts.update.bind(repos.alerts);
    repos.alerts.update = (sessionId, changed, ids) => {
      written.push(changed.map((x) => `${x.id} ${x.ruleName}`));
      return update(sessionId, changed, ids);
    };
    const sink = new sequentHarness.IdbSink(repos, 's1', () => 0);
    const stored = async () =>
      (await repos.alerts.list('s1')).map((x) => `${x.id} ${x.ruleName}`).sort();
    const out: { written: string[]; stored: string[] }[] = [];
    const step = async (alerts: AlertBody[]) => {
      await sink.putResults(alerts, [], null);
      out.push({ written: written.at(-1)!, stored: await stored() });
    };
    await step([a, b]);
    // The same bodies again, and one new.
    await step([a, b, c]);
    // One rebuilt under the same id (a new body), one gone.
    const c2 = { ...c, ruleName: 'Rule 3, rebuilt' };
    await step([a, c2]);
    // A body stored before and removed since is written again.
    await step([a, b, c2]);
    await step([a, b, c2]);
    db.close();
    return out;
  }, bodies);
  await page.close();
  expect(steps).toEqual([
    { written: ['s1/1 Rule 1', 's1/2 Rule 2'], stored: ['s1/1 Rule 1', 's1/2 Rule 2'] },
    { written: ['s1/3 Rule 3'], stored: ['s1/1 Rule 1', 's1/2 Rule 2', 's1/3 Rule 3'] },
    { written: ['s1/3 Rule 3, rebuilt'], stored: ['s1/1 Rule 1', 's1/3 Rule 3, rebuilt'] },
    {
      written: ['s1/2 Rule 2'],
      stored: ['s1/1 Rule 1', 's1/2 Rule 2', 's1/3 Rule 3, rebuilt'],
    },
    { written: [], stored: ['s1/1 Rule 1', 's1/2 Rule 2', 's1/3 Rule 3, rebuilt'] },
  ]);
});
