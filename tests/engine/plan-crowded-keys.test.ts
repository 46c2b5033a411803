// A value that a great many stages name is a category more than a discriminator: Sigma's
// process rules all start `(winlog.event_id == "1" and winlog.channel == "…Sysmon…" or
// winlog.event_id == "4688" and winlog.channel == "Security")`, and hashed on that every
// process event met every one of them. Such stages hash on what sets each apart (here the
// executable's literal end). A value only a few stages share keeps the key it had. SYNTHETIC
// rules and events, shaped as the Sigma conversion writes them.
import { describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { expectSameAsAlone } from './plan-compare.ts';

const PROCESS_START =
  '(winlog.event_id == "1" and winlog.channel == "Microsoft-Windows-Sysmon/Operational" or ' +
  'winlog.event_id == "4688" and winlog.channel == "Security")';

const rules = (n: number): QuerySpec[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `tool${i}`,
    query: compile(
      `process where ${PROCESS_START} and process.executable : "*\\\\tool${i}.exe" and ` +
        `process.command_line : "* -x*"`,
    ),
  }));

const docs: Doc[] = Array.from({ length: 200 }, (_, record) => ({
  '@timestamp': 1_700_000_000_000 + record,
  event: { category: 'process' },
  winlog: {
    event_id: record % 3 ? '1' : '4688',
    channel: record % 3 ? 'Microsoft-Windows-Sysmon/Operational' : 'Security',
  },
  process: {
    executable: `C:\\Tools\\TOOL${record % 120}.exe`,
    command_line: record % 2 ? 'tool -x' : 'tool -y',
  },
}));

describe('dispatch past values most stages share', () => {
  it('offers each event the stages of its executable, not every process rule', () => {
    const specs = rules(100);
    const { stats, candidates } = expectSameAsAlone(specs, docs);
    expect(candidates).toBeGreaterThan(0);
    // Hashed on the event id, each event met all 100 stages (20,000 tries).
    expect(stats.evaluated).toBeLessThanOrEqual(docs.length);
  });

  it('keeps the key a value few stages share', () => {
    const specs = rules(10);
    const { stats } = expectSameAsAlone(specs, docs);
    // Ten stages sharing the event id are hashed on it, as before: every event meets them.
    expect(stats.evaluated).toBe(docs.length * 10);
  });
});
