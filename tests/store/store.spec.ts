import { expect, type Page } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { harnessTest } from '../browser/bundle.ts';
import type * as Store from '../../src/store/index.ts';

// The store in real Chromium IndexedDB (see tests/store/harness.ts).

type Harness = {
  SequentStore: typeof Store.SequentStore;
  openSequentDb: typeof Store.openSequentDb;
  migrations: typeof Store.migrations;
  DB_NAME: string;
  DB_VERSION: number;
  describeDb(
    name: string,
  ): Promise<{ version: number; stores: Record<string, { keyPath: unknown; indexes: string[] }> }>;
};
declare const sequentHarness: Harness;

const test = harnessTest(fileURLToPath(new URL('./harness.ts', import.meta.url)));

/** Runs `body` in the page with a store on a fresh database and a clock that ticks by 1000. */
function inStore<T>(page: Page, body: string): Promise<T> {
  return page.evaluate(async (source) => {
    const name = `test:${Math.random().toString(36).slice(2)}`;
    let t = 1_000;
    const store = await sequentHarness.SequentStore.open({ name, now: () => (t += 1_000) });
    try {
      const run = new Function('store', 'harness', 'name', `return (async () => {${source}})()`);
      return await run(store, sequentHarness, name);
    } finally {
      store.close();
    }
  }, body) as Promise<T>;
}

test('a new database has every store, key and index of version 1', async ({ harness: page }) => {
  const shape = await page.evaluate(async () => {
    const name = `test:${Math.random().toString(36).slice(2)}`;
    (await sequentHarness.openSequentDb({ name })).close();
    return { ...(await sequentHarness.describeDb(name)), expected: sequentHarness.DB_VERSION };
  });
  expect(shape.version).toBe(shape.expected);
  expect(shape.version).toBe(1);
  expect(shape.stores).toEqual({
    alerts: { keyPath: 'id', indexes: ['byRule', 'bySession', 'bySessionTime'] },
    events: { keyPath: ['sessionId', 'chunkIndex'], indexes: [] },
    exceptions: { keyPath: 'id', indexes: ['byRule'] },
    files: { keyPath: 'id', indexes: ['bySession'] },
    hunts: { keyPath: 'id', indexes: ['bySessionTime'] },
    kv: { keyPath: 'key', indexes: [] },
    rules: { keyPath: 'id', indexes: ['byName'] },
    sessions: { keyPath: 'id', indexes: ['byLastUsed'] },
    triage: { keyPath: 'alertId', indexes: ['bySession'] },
  });
});

test('the default name is namespaced for the shared file:// origin', async ({ harness: page }) => {
  const name = await page.evaluate(() => sequentHarness.DB_NAME);
  expect(name).toMatch(/^sequent:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test('a version 2 step upgrades a version 1 database and keeps its data', async ({
  harness: page,
}) => {
  const after = await page.evaluate(async () => {
    const name = `test:${Math.random().toString(36).slice(2)}`;
    const v1 = await sequentHarness.SequentStore.open({ name });
    const session = await v1.createSession('before the upgrade');
    await v1.putNote('n', 'kept');
    v1.close();

    // A would-be version 2: a new index on files and a new store.
    const v2 = [
      ...sequentHarness.migrations,
      (db: IDBDatabase, tx: IDBTransaction) => {
        tx.objectStore('files').createIndex('byName', 'name');
        db.createObjectStore('bookmarks', { keyPath: 'id' });
      },
    ];
    const db = await sequentHarness.openSequentDb({ name, migrations: v2 as never });
    db.close();
    const reopened = await sequentHarness.SequentStore.open({ name, migrations: v2 as never });
    const result = {
      shape: await sequentHarness.describeDb(name),
      session: await reopened.getSession(session.id),
      note: await reopened.getNote('n'),
    };
    reopened.close();
    return result;
  });
  expect(after.shape.version).toBe(2);
  expect(after.shape.stores.files.indexes).toEqual(['byName', 'bySession']);
  expect(after.shape.stores.bookmarks).toEqual({ keyPath: 'id', indexes: [] });
  expect(after.session?.name).toBe('before the upgrade');
  expect(after.note).toBe('kept');
});

test('an open connection steps aside when a newer version upgrades', async ({ harness: page }) => {
  const version = await page.evaluate(async () => {
    const name = `test:${Math.random().toString(36).slice(2)}`;
    const old = await sequentHarness.openSequentDb({ name });
    const v2 = [...sequentHarness.migrations, () => undefined];
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('upgrade blocked by the open connection')), 3_000),
    );
    const db = await Promise.race([
      sequentHarness.openSequentDb({ name, migrations: v2 as never }),
      timeout,
    ]);
    const v = db.version;
    db.close();
    old.close();
    return v;
  });
  expect(version).toBe(2);
});

test('sessions list most recently used first, and touch/rename bump them', async ({
  harness: page,
}) => {
  const result = await inStore<{ order: string[]; missing: boolean; renamed: string }>(
    page,
    `
    const a = await store.createSession('a');
    const b = await store.createSession('b');
    const c = await store.createSession('c');
    await store.touchSession(a.id);
    await store.renameSession(b.id, 'b2');
    const order = (await store.listSessionsByLastUse()).map((s) => s.name);
    const top2 = (await store.listSessionsByLastUse(2)).map((s) => s.name);
    if (top2.join() !== order.slice(0, 2).join()) throw new Error('limit broke the order');
    return {
      order,
      missing: await store.touchSession('no-such-session'),
      renamed: (await store.getSession(b.id)).name,
    };
  `,
  );
  expect(result.order).toEqual(['b2', 'a', 'c']);
  expect(result.missing).toBe(false);
  expect(result.renamed).toBe('b2');
});

test('creating a session with an id that exists fails instead of overwriting', async ({
  harness: page,
}) => {
  const message = await inStore<string>(
    page,
    `
    await store.createSession('first', { id: 'same' });
    try { await store.createSession('second', { id: 'same' }); return 'overwrote'; }
    catch (e) { return (await store.getSession('same')).name + ' / ' + e.name; }
  `,
  );
  expect(message).toBe('first / ConstraintError');
});

test('deleting a session removes everything of it and nothing of another', async ({
  harness: page,
}) => {
  const result = await inStore<Record<string, number>>(
    page,
    `
    const keep = await store.createSession('keep');
    const drop = await store.createSession('drop');
    for (const s of [keep, drop]) {
      await store.addFile({ sessionId: s.id, name: s.name + '.json', size: 10, format: 'ndjson', eventCount: 2 });
      await store.putEventChunk(s.id, 0, [{ a: 1 }]);
      await store.putEventChunk(s.id, 1, [{ a: 2 }]);
      await store.putAlerts([{ id: s.id + ':al', sessionId: s.id, ruleId: 'r', ruleName: 'R', severity: 'high', timestamp: 5, detail: null }]);
      await store.setTriage(s.id + ':al', { status: 'acknowledged' });
      await store.addHunt({ sessionId: s.id, query: 'process where true', hitCount: 3 });
    }
    await store.deleteSession(drop.id);
    const count = async (id) => ({
      session: (await store.getSession(id)) ? 1 : 0,
      files: (await store.listFiles(id)).length,
      chunks: (await store.listEventChunks(id)).length,
      alerts: (await store.listAlerts(id)).length,
      triage: (await store.listTriage(id)).length,
      hunts: (await store.listHunts(id)).length,
    });
    const k = await count(keep.id), d = await count(drop.id);
    return Object.fromEntries([...Object.entries(k).map(([n, v]) => ['keep.' + n, v]), ...Object.entries(d).map(([n, v]) => ['drop.' + n, v])]);
  `,
  );
  expect(result).toEqual({
    'keep.session': 1,
    'keep.files': 1,
    'keep.chunks': 2,
    'keep.alerts': 1,
    'keep.triage': 1,
    'keep.hunts': 1,
    'drop.session': 0,
    'drop.files': 0,
    'drop.chunks': 0,
    'drop.alerts': 0,
    'drop.triage': 0,
    'drop.hunts': 0,
  });
});

test('event chunks come back by session and index, in index order', async ({ harness: page }) => {
  const result = await inStore<{ indexes: number[]; second: unknown; missing: unknown }>(
    page,
    `
    const s = await store.createSession('s');
    const other = await store.createSession('other');
    for (const i of [2, 0, 10, 1]) await store.putEventChunk(s.id, i, [{ i, nested: { x: [i] } }]);
    await store.putEventChunk(other.id, 3, [{}]);
    return {
      indexes: await store.listEventChunks(s.id),
      second: await store.getEventChunk(s.id, 10),
      missing: await store.getEventChunk(s.id, 3),
    };
  `,
  );
  expect(result.indexes).toEqual([0, 1, 2, 10]);
  expect(result.second).toEqual([{ i: 10, nested: { x: [10] } }]);
  expect(result.missing).toEqual([]);
});

test('alerts of a session list oldest first', async ({ harness: page }) => {
  const ids = await inStore<string[]>(
    page,
    `
    const s = await store.createSession('s');
    const mk = (id, t, sid = s.id) => ({ id, sessionId: sid, ruleId: 'r', ruleName: 'R', severity: 'low', timestamp: t, detail: { t } });
    await store.putAlerts([mk('late', 300), mk('early', 100), mk('mid', 200), mk('elsewhere', 150, 'x')]);
    return (await store.listAlerts(s.id)).map((a) => a.id);
  `,
  );
  expect(ids).toEqual(['early', 'mid', 'late']);
});

test('triage keeps what a change does not mention, and refuses unknown alerts', async ({
  harness: page,
}) => {
  const result = await inStore<{ final: unknown; error: string; untouched: unknown }>(
    page,
    `
    const s = await store.createSession('s');
    await store.putAlerts([{ id: 'al', sessionId: s.id, ruleId: 'r', ruleName: 'R', severity: 'low', timestamp: 1, detail: null }]);
    const first = await store.setTriage('al', { note: 'looked at it' });
    if (first.status !== 'open') throw new Error('a new triage must start open');
    await store.setTriage('al', { status: 'closed', closingReason: 'false_positive' });
    const final = await store.getTriage('al');
    let error = '';
    try { await store.setTriage('nope', { status: 'closed' }); } catch (e) { error = e.message; }
    return { final: { ...final, updatedAt: typeof final.updatedAt }, error, untouched: await store.getTriage('nope') };
  `,
  );
  expect(result.final).toEqual({
    alertId: 'al',
    sessionId: expect.any(String),
    status: 'closed',
    closingReason: 'false_positive',
    note: 'looked at it',
    updatedAt: 'number',
  });
  expect(result.error).toContain('nope');
  expect(result.untouched).toBeUndefined();
});

test('two connections changing one triage at once lose neither change', async ({
  harness: page,
}) => {
  const final = await page.evaluate(async () => {
    const name = `test:${Math.random().toString(36).slice(2)}`;
    const a = await sequentHarness.SequentStore.open({ name });
    const b = await sequentHarness.SequentStore.open({ name });
    const s = await a.createSession('s');
    await a.putAlerts([
      {
        id: 'al',
        sessionId: s.id,
        ruleId: 'r',
        ruleName: 'R',
        severity: 'low',
        timestamp: 1,
        detail: null,
      },
    ]);
    await Promise.all([
      a.setTriage('al', { status: 'acknowledged' }),
      b.setTriage('al', { note: 'from b' }),
    ]);
    const t = await a.getTriage('al');
    a.close();
    b.close();
    return { status: t?.status, note: t?.note };
  });
  expect(final).toEqual({ status: 'acknowledged', note: 'from b' });
});

test('rules list by name, switch on and off, and take their exceptions along', async ({
  harness: page,
}) => {
  const result = await inStore<{
    names: string[];
    enabled: boolean[];
    unknown: boolean;
    exceptionsLeft: number;
    otherExceptions: number;
  }>(
    page,
    `
    const rule = (id, name) => ({ id, name, origin: 'user', format: 'eql', text: 'process where true', enabled: true });
    await store.putRule(rule('z', 'Zeta'));
    await store.putRule(rule('a', 'Alpha'));
    await store.putRule(rule('m', 'Mu'));
    await store.setRuleEnabled('m', false);
    await store.addException({ ruleId: 'm', field: 'host.name', value: 'lab', note: '' });
    await store.addException({ ruleId: 'm', field: 'user.name', value: 'svc', note: '' });
    await store.addException({ ruleId: 'a', field: 'user.name', value: 'svc', note: '' });
    await store.deleteRule('m');
    const rules = await store.listRules();
    return {
      names: rules.map((r) => r.name),
      enabled: rules.map((r) => r.enabled),
      unknown: await store.setRuleEnabled('m', true),
      exceptionsLeft: (await store.listExceptions('m')).length,
      otherExceptions: (await store.listExceptions('a')).length,
    };
  `,
  );
  expect(result).toEqual({
    names: ['Alpha', 'Zeta'],
    enabled: [true, true],
    unknown: false,
    exceptionsLeft: 0,
    otherExceptions: 1,
  });
});

test('hunts list newest first; notes and values survive closing the database', async ({
  harness: page,
}) => {
  const result = await page.evaluate(async () => {
    const name = `test:${Math.random().toString(36).slice(2)}`;
    let t = 0;
    const store = await sequentHarness.SequentStore.open({ name, now: () => (t += 10) });
    const s = await store.createSession('s');
    await store.addHunt({ sessionId: s.id, query: 'first', hitCount: 1 });
    await store.addHunt({ sessionId: s.id, query: 'second', hitCount: 2 });
    await store.putNote('k', 'hello');
    await store.setValue('settings', { theme: 'dark', n: [1, 2] });
    store.close();
    const again = await sequentHarness.SequentStore.open({ name });
    const out = {
      hunts: (await again.listHunts(s.id)).map((h) => h.query),
      note: await again.getNote('k'),
      missingNote: await again.getNote('nothing'),
      settings: await again.getValue('settings'),
    };
    again.close();
    return out;
  });
  expect(result).toEqual({
    hunts: ['second', 'first'],
    note: 'hello',
    missingNote: undefined,
    settings: { theme: 'dark', n: [1, 2] },
  });
});

test('ids are made without crypto.randomUUID, which plain-http LAN pages lack', async ({
  harness: page,
}) => {
  // The harness origin is plain http on a non-local name: not a secure context.
  const result = await page.evaluate(async () => {
    const store = await sequentHarness.SequentStore.open({
      name: `test:${Math.random().toString(36).slice(2)}`,
    });
    const session = await store.createSession('lan');
    const file = await store.addFile({
      sessionId: session.id,
      name: 'a.json',
      size: 1,
      format: 'ndjson',
      eventCount: 0,
    });
    store.close();
    return { secure: isSecureContext, ids: [session.id, file.id] };
  });
  expect(result.secure).toBe(false);
  for (const id of result.ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
});
