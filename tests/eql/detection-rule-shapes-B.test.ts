// Shapes met while checking Elastic's Linux, macOS, cross-platform, building-block and
// integration rules (issue 3, second half). Every query here is written for this test in the
// shape a real rule uses; none is copied from a rule. Each case pins behaviour, not only parsing.
import { describe, expect, it } from 'vitest';
import { compile, parse } from '../../src/eql/index.ts';
import { holds } from './helpers.ts';

describe('sample over several stages joined by process and parent ids', () => {
  // auditd rules correlate a handful of syscalls of one process without ordering them.
  const query = compile(
    'sample by host.id, process.pid, process.parent.pid\n' +
      '  [process where auditd.data.syscall == "execve" and process.name : ("sh", "perl*")]\n' +
      '  [process where auditd.data.syscall == "socket" and auditd.data.a1 == "2"]\n' +
      '  [network where event.action == "connected-to" and network.direction == "egress"]\n' +
      '  [file where file.path == "/etc/hostname"]\n' +
      '  [file where file.path == "/proc/net/route"]',
  );

  it('keeps every stage and joins each on all three keys, in order', () => {
    expect(query.kind).toBe('sample');
    expect(query.stages).toHaveLength(5);
    for (const stage of query.stages) {
      expect(stage.keys.map((k) => k.field)).toEqual([
        'host.id',
        'process.pid',
        'process.parent.pid',
      ]);
    }
    expect(query.stages.map((s) => s.category)).toEqual([
      'process',
      'process',
      'network',
      'file',
      'file',
    ]);
  });

  it('each stage tests only its own condition', () => {
    const socket = {
      event: { category: 'process' },
      auditd: { data: { syscall: 'socket', a1: '2' } },
    };
    expect(query.stages[1].test(socket)).toBe(true);
    expect(query.stages[0].test(socket)).toBe(false);
    expect(
      query.stages[1].test({ ...socket, auditd: { data: { syscall: 'socket', a1: '10' } } }),
    ).toBe(false);
  });
});

describe('failures with runs, then a success, then | tail 1', () => {
  // Brute-force-then-success rules: a repeated failure stage, one success stage, last match only.
  const query = compile(
    'sequence by host.id, related.user with maxspan=5s\n' +
      '  [authentication where event.outcome == "failure" and auditd.data.terminal : "*vnc*"] with runs=4\n' +
      '  [authentication where event.outcome == "success" and auditd.data.terminal : "*vnc*"] | tail 1',
  );

  it('expands the repeated stage and keeps the last one single', () => {
    expect(query.stages).toHaveLength(5);
    expect(query.stages.map((s) => s.sourceIndex)).toEqual([0, 0, 0, 0, 1]);
    expect(query.stages.map((s) => s.runs)).toEqual([4, 4, 4, 4, 1]);
    expect(query.pipes).toEqual([{ kind: 'tail', count: 1 }]);
    expect(query.maxspanMs).toBe(5000);
  });

  it('the success stage does not accept a failure', () => {
    const failure = {
      event: { category: 'authentication', outcome: 'failure' },
      auditd: { data: { terminal: '/dev/vnc0' } },
    };
    expect(query.stages[0].test(failure)).toBe(true);
    expect(query.stages[4].test(failure)).toBe(false);
  });
});

describe('a trailing missing-event stage over `any`', () => {
  // "Factor removed and never re-added within the window", keyed by the target account.
  const query = compile(
    'sequence by target.id with maxspan=6h\n' +
      '    [any where event.dataset == "idp.system" and event.action in ("factor.remove", "factor.reset_all")\n' +
      '        and event.outcome == "success"]\n' +
      '    ![any where event.dataset == "idp.system" and event.action == "factor.add"]',
  );

  it('marks only the last stage missing and lets any category through', () => {
    expect(query.stages.map((s) => s.missing)).toEqual([false, true]);
    expect(query.stages.map((s) => s.category)).toEqual([null, null]);
    expect(query.stages[1].test({ event: { dataset: 'idp.system', action: 'factor.add' } })).toBe(
      true,
    );
  });
});

describe('per-stage by on different fields (parent entity joins child entity)', () => {
  const query = compile(
    'sequence by host.id with maxspan=1s\n' +
      '  [process where process.name == "tar" and process.args : "--checkpoint-action=*"] by process.entity_id\n' +
      '  [process where process.parent.name : "tar" and process.name : ("sh", "bash")] by process.parent.entity_id',
  );

  it('appends each stage key after the shared one', () => {
    expect(query.stages[0].keys.map((k) => k.field)).toEqual(['host.id', 'process.entity_id']);
    expect(query.stages[1].keys.map((k) => k.field)).toEqual([
      'host.id',
      'process.parent.entity_id',
    ]);
    const parent = { host: { id: 'h' }, process: { entity_id: 'P1' } };
    const child = { host: { id: 'h' }, process: { parent: { entity_id: 'P1' } } };
    expect(query.stages[0].keys[1].get(parent)).toBe(
      query.stages[1].keys[1].get(child as Record<string, unknown>),
    );
  });
});

describe('operators written without spaces', () => {
  it('field:(list) is the case-insensitive wildcard operator', () => {
    expect(holds('host.os.type:("linux","macos")', { host: { os: { type: 'MacOS' } } })).toBe(true);
    expect(holds('host.os.type:("linux","macos")', { host: { os: { type: 'windows' } } })).toBe(
      false,
    );
  });
  it('process.name:\n (multi-line list) parses the same', () => {
    const condition = 'process.name:\n (\n   "curl", \n   "wget"\n )';
    expect(holds(condition, { process: { name: 'WGET' } })).toBe(true);
  });
});

describe('in compares literally, : and like treat * and ? as wildcards', () => {
  it('in ("uid=*") needs the star itself', () => {
    expect(holds('process.args in ("uid=*")', { process: { args: ['uid=0'] } })).toBe(false);
    expect(holds('process.args in ("uid=*")', { process: { args: ['uid=*'] } })).toBe(true);
  });
  it('? is exactly one character, so "?*" needs a non-empty value', () => {
    expect(holds('file.extension : "?*"', { file: { extension: '' } })).toBe(false);
    expect(holds('file.extension : "?*"', { file: { extension: 'enc' } })).toBe(true);
  });
  it('a drive-letter pattern with escaped backslashes and a dollar sign', () => {
    const c =
      'file.path : "?:\\\\$Trash.Box\\\\*" and not file.path : "?:\\\\$Trash.Box\\\\*\\\\*"';
    expect(holds(c, { file: { path: 'D:\\$trash.box\\loot.zip' } })).toBe(true);
    expect(holds(c, { file: { path: 'D:\\$trash.box\\sub\\loot.zip' } })).toBe(false);
  });
});

describe('Lucene regex shorthand classes (Lucene 9, as ES 8 runs them)', () => {
  it('\\w+ and an escaped dot inside a triple-quoted pattern', () => {
    const c = 'process.executable regex~ """/run/lock/\\w+\\.(pid|sock)"""';
    expect(holds(c, { process: { executable: '/RUN/lock/agent_2.PID' } })).toBe(true);
    expect(holds(c, { process: { executable: '/run/lock/a-b.pid' } })).toBe(false);
  });
  it('\\s is whitespace, not the letter s', () => {
    const c = 'process.executable regex """/[a-z0-9\\s_\\-\\\\./]+\\s"""';
    expect(holds(c, { process: { executable: '/opt/report.pdf ' } })).toBe(true);
    expect(holds(c, { process: { executable: '/opt/report.pdfs' } })).toBe(false);
  });
  it('escaped slashes and bounded repeats in a URL with a raw address', () => {
    const c =
      'process.args regex~ """https?:\\/\\/[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}(:[0-9]{1,5})?\\/.*"""';
    expect(holds(c, { process: { args: ['curl', '-o', 'x', 'HTTP://10.1.2.3:8443/p'] } })).toBe(
      true,
    );
    expect(holds(c, { process: { args: ['curl', 'https://example.org/p'] } })).toBe(false);
  });
});

describe('strings and fields that trip naive lexers', () => {
  it('escaped double quotes inside a like~ list', () => {
    const c = 'process.command_line like~ ("*get_balance*", "*\\"method\\"*")';
    expect(holds(c, { process: { command_line: 'curl -d {"METHOD":1}' } })).toBe(true);
    expect(holds(c, { process: { command_line: 'curl -d method' } })).toBe(false);
  });
  it('?field in (…) compiles, evaluates without error when absent, and excludes listed values', () => {
    const c = 'process.name == "setcap" and not ?process.working_directory in ("/opt/agent")';
    expect(() => holds(c, { process: { name: 'setcap' } })).not.toThrow();
    expect(holds(c, { process: { name: 'setcap', working_directory: '/srv' } })).toBe(true);
    expect(holds(c, { process: { name: 'setcap', working_directory: '/opt/agent' } })).toBe(false);
  });
  it('startswith~ with a field as the prefix', () => {
    const c = 'not startswith~(dll.name, process.name)';
    expect(holds(c, { dll: { name: 'TOOL_helper.dll' }, process: { name: 'tool' } })).toBe(false);
    expect(holds(c, { dll: { name: 'other.dll' }, process: { name: 'tool' } })).toBe(true);
  });
});

describe('comments where rules put them', () => {
  it('a trailing block comment holding unsupported syntax is ignored', () => {
    const query =
      'process where process.name : "net.exe" and process.args : "view"\n\n\n' +
      '  /* later, once ancestry exists:\n' +
      '  and not descendant of [process where process.name : "userinit.exe"]\n' +
      '  */\n';
    expect(() => parse(query)).not.toThrow();
    const stage = compile(query).stages[0];
    expect(
      stage.test({ event: { category: 'process' }, process: { name: 'NET.EXE', args: ['view'] } }),
    ).toBe(true);
  });
  it('// line comments and blank lines between conjuncts', () => {
    const query =
      'file where event.action in ("open", "creation") and\n\n' +
      '  // tool names\n' +
      '  process.name in ("agentx", "agentx.exe") and\n\n' +
      '  // what it touched\n' +
      '  file.name like~ ("key?.db", "Login Data")\n';
    const stage = compile(query).stages[0];
    const hit = {
      event: { category: 'file', action: 'open' },
      process: { name: 'agentx' },
      file: { name: 'KEY4.DB' },
    };
    expect(stage.test(hit)).toBe(true);
    expect(stage.test({ ...hit, file: { name: 'key40.db' } })).toBe(false);
  });
});

describe('a historical rule version ES 8 no longer accepts', () => {
  // Pre-7.12 rules called wildcard(); ES 8 removed that function (the rule now uses like~).
  it('wildcard() is refused with a hint toward the : operator', () => {
    expect(() => parse('process where wildcard(process.name, "sh", "py*")')).toThrow(/:/);
  });
});

describe('in~ over a list interleaved with // comments', () => {
  // Tool-name lists grouped by purpose, one comment line per group.
  const c =
    'process.name in~ (\n' +
    '  // scanners\n' +
    '  "portsweep", "webprobe",\n' +
    '  // crackers\n' +
    '  "hashgrind"\n' +
    ')';
  it('matches any listed name whatever its case, and nothing else', () => {
    expect(holds(c, { process: { name: 'HashGrind' } })).toBe(true);
    expect(holds(c, { process: { name: 'webprobe' } })).toBe(true);
    expect(holds(c, { process: { name: 'webprobe2' } })).toBe(false);
  });
  it('is exact (no wildcard), unlike like~', () => {
    expect(holds('process.name in~ ("port*")', { process: { name: 'portsweep' } })).toBe(false);
  });
});

describe('sequence with maxspan and no by', () => {
  const query = compile(
    'sequence with maxspan=1m\n' +
      '  [registry where process.name : "msiexec.exe" and registry.value : "InstallSource"]\n' +
      '  [process where process.parent.name : "msiexec.exe" and not process.name : "msiexec.exe"]',
  );
  it('has no join keys and keeps the window', () => {
    expect(query.stages.map((s) => s.keys.length)).toEqual([0, 0]);
    expect(query.maxspanMs).toBe(60_000);
    expect(query.stages.map((s) => s.category)).toEqual(['registry', 'process']);
  });
});
