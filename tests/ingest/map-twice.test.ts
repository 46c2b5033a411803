// Mapping reads a WinEvent and never changes it: the same event mapped again (a re-run, a
// second view of a stored record) gives the same document. Security steps rewrite values of
// winlog.event_data (PrivilegeList and UserAccountControl as lists): they must not rewrite the
// event's own data, which the next mapping reads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeRecord, winEventToEcs } from '../../src/ingest/normalize.ts';
import { goldenPairs } from './golden-compare.ts';
import { haveShared, shared } from './helpers.ts';

const ROOT = 'winlogbeat-golden';

describe.runIf(haveShared(ROOT))('mapping the same Windows event twice', () => {
  it('gives the same document and leaves the event data as read, for every golden event', () => {
    let events = 0;
    const rewritten = new Set<string>();
    for (const { module, name } of goldenPairs(shared(ROOT))) {
      const path = shared(`${ROOT}/${module}/collection/${name}.evtx.golden.json`);
      for (const raw of JSON.parse(readFileSync(path, 'utf8')) as unknown[]) {
        const first = normalizeRecord(raw);
        const win = first.win!;
        const data = structuredClone(win.data);
        const once = structuredClone(winEventToEcs(win));
        expect(win.data, name).toEqual(data);
        expect(winEventToEcs(win), name).toEqual(once);
        const ed = (once.winlog as { event_data?: Record<string, unknown> }).event_data ?? {};
        for (const k in ed) if (typeof ed[k] !== 'string') rewritten.add(k);
        events++;
      }
    }
    expect(events).toBe(87);
    // The steps that rewrite event data in place did run on these events.
    expect([...rewritten]).toEqual(expect.arrayContaining(['PrivilegeList']));
  });
});
