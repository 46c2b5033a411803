import { describe, expect, it } from 'vitest';
import { hostId, hostKey, normalizeRecord, splitCommandLine } from '../../src/ingest/index.ts';
import { argsKeepingQuotes, isSpaceCode } from '../../src/ingest/map/security.ts';

describe('splitCommandLine (CommandLineToArgvW rules)', () => {
  // The examples of Microsoft's "Parsing C command-line arguments" table.
  const cases: Array<[string, string[]]> = [
    ['"abc" d e', ['abc', 'd', 'e']],
    ['a\\\\\\b d"e f"g h', ['a\\\\\\b', 'de fg', 'h']],
    ['a\\\\\\"b c d', ['a\\"b', 'c', 'd']],
    ['a\\\\\\\\"b c" d e', ['a\\\\b c', 'd', 'e']],
    ['a"b"" c d', ['ab" c d']],
  ];
  for (const [cmd, args] of cases)
    it(JSON.stringify(cmd), () => expect(splitCommandLine(cmd)).toEqual(args));

  it('splits on spaces and tabs, ignores runs of them, keeps empty quoted arguments', () => {
    expect(splitCommandLine('  cmd.exe\t/c   dir  ')).toEqual(['cmd.exe', '/c', 'dir']);
    expect(splitCommandLine('a "" b')).toEqual(['a', '', 'b']);
    expect(splitCommandLine('')).toEqual([]);
  });

  it('keeps Windows paths with trailing backslashes', () => {
    expect(splitCommandLine('"C:\\Program Files\\x.exe" C:\\dir\\')).toEqual([
      'C:\\Program Files\\x.exe',
      'C:\\dir\\',
    ]);
  });
});

describe('hostId', () => {
  it('gives one id to a machine however its name is spelled', () => {
    const id = hostId('WORKSTATION6');
    for (const n of [
      'workstation6',
      'WORKSTATION6.theshire.local',
      'Workstation6.THESHIRE.LOCAL.',
      ' workstation6 ',
    ])
      expect(hostId(n)).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('tells machines apart, keeps IP addresses whole', () => {
    expect(hostId('WORKSTATION5.theshire.local')).not.toBe(hostId('WORKSTATION6.theshire.local'));
    expect(hostKey('172.18.39.6')).toBe('172.18.39.6');
    expect(hostKey('fe80::1')).toBe('fe80::1');
    expect(hostId('172.18.39.6')).not.toBe(hostId('172.18.39.5'));
    expect(hostId('')).toBe('');
  });
});

describe('argsKeepingQuotes (Security 4688, as the pipeline splits)', () => {
  it('splits at whitespace outside double quotes and keeps the quotes', () => {
    expect(argsKeepingQuotes('"C:\\x y.exe" /c\tdir  a')).toEqual([
      '"C:\\x y.exe"',
      '/c',
      'dir',
      '',
      'a',
    ]);
  });

  it("tells whitespace by character code exactly as the pipeline's \\s does", () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expect(isSpaceCode(c), c.toString(16)).toBe(/\s/.test(ch));
    }
  });
});

describe('process.args of long command lines', () => {
  // Long command lines are cached by their length and ends: two that share both must still
  // get their own arguments. Synthetic Sysmon 1 records in NXLog's flat shape.
  it('splits two long command lines that differ only in the middle each as written', () => {
    const line = (mid: string) =>
      `powershell.exe -nop -enc ${'A'.repeat(300)} ${mid} ${'B'.repeat(300)}`;
    const argsOf = (cmd: string) => {
      const { doc } = normalizeRecord({
        EventID: 1,
        SourceName: 'Microsoft-Windows-Sysmon',
        Channel: 'Microsoft-Windows-Sysmon/Operational',
        Hostname: 'ws1',
        UtcTime: '2020-09-20 21:00:00.000',
        CommandLine: cmd,
      });
      return (doc.process as { args: string[] }).args;
    };
    for (let i = 0; i < 2; i++) {
      expect(argsOf(line('x y'))).toEqual([
        'powershell.exe',
        '-nop',
        '-enc',
        'A'.repeat(300),
        'x',
        'y',
        'B'.repeat(300),
      ]);
      expect(argsOf(line('x"y'))).toEqual([
        'powershell.exe',
        '-nop',
        '-enc',
        'A'.repeat(300),
        `x"y ${'B'.repeat(300)}`.replace('"', ''),
      ]);
    }
  });
});
