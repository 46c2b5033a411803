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

/** A process start whose `process` object is `fields`. */
const start = (fields: Record<string, unknown>, record: number): Doc => ({
  '@timestamp': 1_700_000_000_000 + record,
  event: { category: 'process', type: 'start' },
  process: fields,
});

const doc = (name: unknown, executable: string, record: number): Doc =>
  start({ name, executable }, record);

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

// `?:\\PerfLogs\\*.exe` hashes on `:\perflogs\` one unit in: its literal start after the
// `?`, longer than its end `.exe`, which nearly every executable has.
const skipping = [
  spec(
    'skip',
    'process where process.executable : ("?:\\\\PerfLogs\\\\*.exe", "??\\\\Users\\\\Public\\\\*")',
  ),
  spec('exact', 'process where process.executable : "?:\\\\x.exe" and event.type == "start"'),
];

const run = (executable: unknown, record: number): Doc => start({ executable }, record);

const runs: Doc[] = [
  run('C:\\PerfLogs\\a.exe', 0),
  run('d:\\PERFLOGS\\B.EXE', 1),
  run('C:\\PerfLogs\\a.dll', 2),
  run('C:\\Windows\\a.exe', 3),
  run(':\\PerfLogs\\a.exe', 4),
  run('C:\\Users\\Public\\x', 5),
  run('\\\\\\Users\\Public\\x', 6),
  run('İ:\\PerfLogs\\a.exe', 7),
  run(['C:\\Windows\\a.exe', 'E:\\perflogs\\c.exe'], 8),
  run(42, 9),
  run('c:\\X.EXE', 10),
  run('c:\\x.exe.txt', 11),
];

describe('wildcard dispatch past leading `?`s', () => {
  it('gives what each rule gives alone, trying the stage only where the start may hold', () => {
    const { stats, candidates } = expectSameAsAlone(skipping, runs);
    // skip holds for 0, 1, 5, 6 and 8 (its second value); exact for 10.
    expect(candidates).toBe(6);
    expect(stats.dispatched).toBe(2);
    // skip is tried on 0, 1, 2, 5, 6 and 8; exact (by its end `:\\x.exe`) on 10; both on 9, a
    // number (every stage of the field). Not on 4 (no unit before `:`) nor 7 (`İ` lower-cases
    // to two units).
    expect(stats.evaluated).toBe(9);
  });
});

// `*…*` patterns hash on their longest literal run (at least MIN_INFIX units): a value is
// offered the stage only if it contains the run, found for all such stages in one pass.
const inside = [
  spec('enc', 'process where process.command_line : ("*-EncodedCommand *", "* -enc*")'),
  spec('two', 'process where process.command_line : "*Invoke-*Mimikatz*"'),
  spec('short', 'process where process.command_line : "*-e*" and event.type == "start"'),
];

const line = (command_line: unknown, record: number): Doc => start({ command_line }, record);

const lines: Doc[] = [
  line('powershell -encodedcommand AAAA', 0),
  line('powershell -ENC AAAA', 1),
  line('powershell.exe -nop -w hidden', 2),
  line('invoke-mimikatz', 3),
  line('Invoke-Kerberoast; Invoke-Mimikatz -dump', 4),
  line('cmd /c echo hello', 5),
  line(['x', 'pwsh -EncodedCommand BBBB'], 6),
  line(7, 7),
];

describe('wildcard dispatch inside a value', () => {
  it('gives what each rule gives alone, trying a stage only where its run occurs', () => {
    const { stats, candidates } = expectSameAsAlone(inside, lines);
    // enc: 0, 1 (" -ENC"), 6 (its second value). two: 3, 4. short: 0, 1, 6.
    expect(candidates).toBe(8);
    // `*-e*` is too short a run to hash on: short hashes on event.type and meets all 8.
    // enc (longest run "-encodedcommand ", or " -enc") is tried on 0, 1, 6 and 7 (a number);
    // two (run "mimikatz") on 3, 4 and 7.
    expect(stats.evaluated).toBe(8 + 4 + 3);
  });
});
