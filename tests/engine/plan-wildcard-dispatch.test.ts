// Wildcard patterns dispatch by their literal start or end: an event whose value starts and
// ends otherwise never meets the stage, and one that may match still runs the stage's whole
// test (a literal start is necessary, not sufficient). SYNTHETIC events.
import { describe, expect, it } from 'vitest';
import type { QuerySpec } from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import { expectSameAsAlone } from './plan-compare.ts';

const spec = (id: string, text: string): QuerySpec => ({ id, query: compile(text) });

const specs = [
  spec('prefix', 'process where process.name : ("ADExp*.exe", "psexec.exe")'),
  spec('suffix', 'process where process.executable : "?:\\\\Windows\\\\*\\\\mmc.exe"'),
  spec('both', 'process where process.name : "*ps*" and event.type == "start"'),
  spec('like', 'process where process.name like "Cmd?.exe"'),
];

const doc = (name: unknown, executable: string, record: number): Doc => ({
  '@timestamp': 1_700_000_000_000 + record,
  event: { category: 'process', type: 'start' },
  process: { name, executable },
});

const docs: Doc[] = [
  doc('adexplorer64.EXE', 'C:\\Windows\\System32\\MMC.exe', 0),
  doc('ADEXP.exe', 'D:\\windows\\x\\mmc.exe', 1),
  doc('adexp.exe.bak', 'C:\\Windows\\mmc.exe', 2),
  doc('PsExec.exe', 'C:\\Tools\\mmc.exe', 3),
  doc('Cmd1.exe', 'C:\\Windows\\System32\\cmd.exe', 4),
  doc('cmd1.exe', 'C:\\Windows\\System32\\notepad.exe', 5),
  doc(['x', 'adexp1.exe'], 'C:\\Windows\\System32\\mmc.exe', 6),
  doc(4624, 'C:\\Windows\\System32\\mmc.exe', 7),
  doc('notepad.exe', 'C:\\Windows\\System32\\notepad.exe', 8),
];

describe('wildcard dispatch', () => {
  it('gives what each rule gives alone, trying fewer stages than every one', () => {
    const { stats } = expectSameAsAlone(specs, docs);
    // The stage with wildcards at both ends hashes on event.type: it meets every event.
    expect(stats.dispatched).toBe(4);
    expect(stats.evaluated).toBeLessThan(docs.length * 3);
    expect(stats.evaluated).toBeGreaterThanOrEqual(docs.length);
  });
});
