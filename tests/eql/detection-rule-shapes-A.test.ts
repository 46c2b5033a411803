// Shapes met while checking the Windows rules of Elastic's public detection-rules repository
// with `sequent check`. Every query here is written for this test in the shape a real rule
// uses (none is copied); each case pins what the construct does, not only that it parses.
import { describe, expect, it } from 'vitest';
import { compile, parse } from '../../src/eql/index.ts';
import { holds } from './helpers.ts';

describe('a sequence closed by an `until` stage', () => {
  // Beacon rules: start, then a connection, unless the process ended first.
  const query = compile(
    'sequence by process.entity_id\n' +
      '  [process where event.type in ("start", "process_started") and process.name in ("a.exe", "b.exe")]\n' +
      '  [network where event.type == "connection" and process.name in ("a.exe", "b.exe")]\n' +
      'until\n' +
      '  [process where event.type == "end" and process.name in ("a.exe", "b.exe")]',
  );

  it('keeps two ordinary stages and one until stage with the sequence key', () => {
    expect(query.stages).toHaveLength(2);
    expect(query.until).not.toBeNull();
    expect(query.until?.index).toBe(-1);
    expect(query.until?.keys.map((k) => k.field)).toEqual(['process.entity_id']);
  });

  it('the until stage only takes the end event', () => {
    const end = { event: { category: 'process', type: 'end' }, process: { name: 'a.exe' } };
    const start = { event: { category: 'process', type: 'start' }, process: { name: 'a.exe' } };
    expect(query.until?.test(end)).toBe(true);
    expect(query.until?.test(start)).toBe(false);
  });
});

describe('comments around and between stages', () => {
  // Rules open with a /* … */ note, put one between stages and keep a commented-out clause
  // after the last condition.
  const query = compile(
    '/* a note before the query */\n\n' +
      'sequence by host.id, user.id with maxspan = 5s\n' +
      '  [library where dll.name : "helper.dll"]\n' +
      '  /* the second stage: a child of the host process */\n' +
      '  [process where process.parent.name : "host.exe"]\n' +
      '/* and not process.name : "ignored.exe" */',
  );

  it('are ignored: two stages, two keys, 5 s', () => {
    expect(query.stages).toHaveLength(2);
    expect(query.stages[0].keys.map((k) => k.field)).toEqual(['host.id', 'user.id']);
    expect(query.maxspanMs).toBe(5000);
  });

  it('a trailing comment after an event query does not change the condition', () => {
    const event = compile(
      'process where process.name : "x.exe"\n\n/* uncomment later */\n/* and process.pid == 4 */',
    );
    expect(
      event.stages[0].test({ event: { category: 'process' }, process: { name: 'X.EXE' } }),
    ).toBe(true);
  });
});

describe('per-stage by keys after sequence-level keys', () => {
  // `sequence by host.id … [network …] by process.entity_id [process …] by process.parent.entity_id`
  const query = compile(
    'sequence by host.id with maxspan=1m\n' +
      '  [network where source.port >= 49152 and destination.port >= 49152] by process.entity_id\n' +
      '  [process where process.parent.name : "svc.exe"] by process.parent.entity_id',
  );

  it('put the sequence key first, then each stage its own', () => {
    expect(query.stages[0].keys.map((k) => k.field)).toEqual(['host.id', 'process.entity_id']);
    expect(query.stages[1].keys.map((k) => k.field)).toEqual([
      'host.id',
      'process.parent.entity_id',
    ]);
  });

  it('three keys per stage with no sequence-level key', () => {
    const q = compile(
      'sequence with maxspan=5s\n' +
        '  [process where event.type == "start"] by host.id, process.executable, process.parent.entity_id\n' +
        '  [file where event.type == "change"] by host.id, file.path, process.entity_id',
    );
    expect(q.stages.map((s) => s.keys.length)).toEqual([3, 3]);
    expect(q.stages[1].keys[1].get({ file: { path: 'C:\\x.exe' } })).toBe('C:\\x.exe');
  });

  it('numeric and address fields serve as sequence keys', () => {
    const q = compile(
      'sequence by source.port, source.ip with maxspan=3s\n' +
        '  [network where destination.port == 88]\n' +
        '  [authentication where event.code in ("4768", "4769")]',
    );
    expect(q.stages[0].keys.map((k) => k.get({ source: { port: 50123, ip: '10.1.2.3' } }))).toEqual(
      [50123, '10.1.2.3'],
    );
  });
});

describe('maxspan written with spaces or in hours', () => {
  it.each([
    ['with maxspan = 20s', 20_000],
    ['with maxspan=2h', 7_200_000],
    ['with maxspan = 1m', 60_000],
  ])('%s', (clause, ms) => {
    const q = compile(`sequence by host.id ${clause} [process where true] [network where true]`);
    expect(q.maxspanMs).toBe(ms);
  });
});

describe('escaped quotes inside wildcard patterns', () => {
  // A pattern that starts with a quoted path: "import-module \"C:\\Tools\\*"
  const condition = 'process.args : ("import-module \\"C:\\\\Tools\\\\*", "-x")';

  it('the escaped quote is a literal quote in the value', () => {
    expect(holds(condition, { process: { args: ['import-module "C:\\Tools\\mod.psm1'] } })).toBe(
      true,
    );
    expect(holds(condition, { process: { args: ['import-module C:\\Tools\\mod.psm1'] } })).toBe(
      false,
    );
  });

  it('an exclusion list mixes quoted and unquoted program paths', () => {
    const list =
      'not registry.data.strings : ("\\"C:\\\\Apps\\\\agent.exe\\"", "C:\\\\Apps\\\\agent.exe")';
    expect(holds(list, { registry: { data: { strings: ['"C:\\Apps\\agent.exe"'] } } })).toBe(false);
    expect(holds(list, { registry: { data: { strings: ['C:\\Other\\x.exe'] } } })).toBe(true);
  });
});

describe('raw triple-quoted regular expressions', () => {
  it('\\" in a raw string is a literal quote for Lucene, and regex~ ignores case', () => {
    // A quoted program followed directly by a non-quote character.
    const condition = 'process.command_line regex~ """\\".*\\.exe[^\\"].*"""';
    expect(holds(condition, { process: { command_line: '"C:\\dir\\Tool.EXE /run' } })).toBe(true);
    expect(holds(condition, { process: { command_line: '"C:\\dir\\tool.exe" /run' } })).toBe(false);
  });

  it('\\s and a letter class find a flag cluster anywhere in the command line', () => {
    const condition = 'process.command_line regex """.*\\s-[A-Za-z]*R\\s.*"""';
    expect(holds(condition, { process: { command_line: 'ssh.exe -NR 9000:localhost:80 h' } })).toBe(
      true,
    );
    expect(holds(condition, { process: { command_line: 'ssh.exe -L 9000:localhost:80 h' } })).toBe(
      false,
    );
  });

  it('a long alternation of suffixes is anchored to the whole value', () => {
    const condition = 'dns.question.name regex """.*\\.(top|xyz|zip|click)"""';
    expect(holds(condition, { dns: { question: { name: 'a.b.xyz' } } })).toBe(true);
    expect(holds(condition, { dns: { question: { name: 'a.xyz.example.com' } } })).toBe(false);
  });
});

describe('operators written without spaces', () => {
  it('`field:"v"`, `field:(…)`, `a=="b"` and `!="x"` read as with spaces', () => {
    const doc = {
      process: { name: 'Autochk.exe', parent: { name: 'other.exe' } },
      destination: { address: '10.0.0.1' },
    };
    expect(holds('process.name:"autochk.exe" and not process.parent.name:("smss.exe")', doc)).toBe(
      true,
    );
    expect(holds('process.name=="Autochk.exe" and destination.address !="::1"', doc)).toBe(true);
  });

  it('`args_count <=1` compares numerically', () => {
    expect(holds('process.args_count <=1', { process: { args_count: 1 } })).toBe(true);
    expect(holds('process.args_count <=1', { process: { args_count: 2 } })).toBe(false);
  });
});

describe('wildcard pattern details', () => {
  it('`like` with ? takes exactly one character each', () => {
    const condition = 'file.path like "?:\\\\Users\\\\*\\\\Temp\\\\TH????.tmp"';
    expect(holds(condition, { file: { path: 'C:\\Users\\bob\\Temp\\THAB12.tmp' } })).toBe(true);
    expect(holds(condition, { file: { path: 'C:\\Users\\bob\\Temp\\THAB1.tmp' } })).toBe(false);
    // like is case-sensitive; like~ is not.
    expect(holds(condition, { file: { path: 'c:\\users\\bob\\temp\\thab12.tmp' } })).toBe(false);
  });

  it('an empty pattern in a : list matches only the empty string', () => {
    const condition = 'process.executable : ("?:\\\\Users\\\\*.exe", "")';
    expect(holds(condition, { process: { executable: '' } })).toBe(true);
    expect(holds(condition, { process: { executable: 'D:\\Users\\a\\b.exe' } })).toBe(true);
    expect(holds(condition, { process: { executable: 'C:\\Windows\\b.exe' } })).toBe(false);
  });

  it('braces, percent signs and leading dots are ordinary characters', () => {
    expect(holds('process.args : "{*}"', { process: { args: ['{0000-1111}'] } })).toBe(true);
    expect(holds('process.args : "{*}"', { process: { args: ['0000'] } })).toBe(false);
    expect(
      holds('file.path : "?:\\\\Win\\\\%APPDATA%\\\\*.dmp"', {
        file: { path: 'C:\\Win\\%APPDATA%\\lsass.dmp' },
      }),
    ).toBe(true);
    expect(
      holds('dns.question.name : "..localmachine"', {
        dns: { question: { name: '..LocalMachine' } },
      }),
    ).toBe(true);
  });

  it('non-ASCII text in a pattern list matches regardless of case', () => {
    const condition = 'process.code_signature.subject_name : ("Vendor OÜ", "Other Ltd")';
    expect(holds(condition, { process: { code_signature: { subject_name: 'vendor oü' } } })).toBe(
      true,
    );
  });
});

describe('field-to-field and optional-field conditions', () => {
  it('startswith~ compares a field with another field', () => {
    const condition = 'not startswith~(process.name, process.parent.name)';
    expect(holds(condition, { process: { name: 'Chrome.exe', parent: { name: 'chrome' } } })).toBe(
      false,
    );
    expect(
      holds(condition, { process: { name: 'chrome.exe', parent: { name: 'explorer' } } }),
    ).toBe(true);
  });

  it('?field == false does not hold for an absent field, so the alternative decides', () => {
    const condition = '(?process.code_signature.exists == false or process.name : "rundll32.exe")';
    expect(holds(condition, { process: { name: 'x.exe' } })).toBe(false);
    expect(
      holds(condition, { process: { name: 'x.exe', code_signature: { exists: false } } }),
    ).toBe(true);
  });

  it('cidrmatch with IPv6 blocks excludes loopback of both families', () => {
    const condition = 'not cidrmatch(destination.ip, "127.0.0.0/8", "::1/128")';
    expect(holds(condition, { destination: { ip: '::1' } })).toBe(false);
    expect(holds(condition, { destination: { ip: '127.0.0.9' } })).toBe(false);
    expect(holds(condition, { destination: { ip: '203.0.113.7' } })).toBe(true);
  });
});

describe('any-category queries over several event kinds', () => {
  const query = compile(
    'any where host.os.type == "windows" and\n' +
      '(\n' +
      ' (event.category == "file" and file.path : "?:\\\\Users\\\\*\\\\app\\\\logs.dat") or\n' +
      ' (event.category == "registry" and registry.value : ("App", "App-??????"))\n' +
      ')',
  );

  it('matches a file and a registry event, not a process event', () => {
    const file = {
      host: { os: { type: 'windows' } },
      event: { category: 'file' },
      file: { path: 'C:\\Users\\u\\app\\logs.dat' },
    };
    const registry = {
      host: { os: { type: 'windows' } },
      event: { category: 'registry' },
      registry: { value: 'App-ABC123' },
    };
    const process = {
      host: { os: { type: 'windows' } },
      event: { category: 'process' },
      registry: { value: 'App' },
    };
    expect(query.stages[0].category).toBeNull();
    expect(query.stages[0].test(file)).toBe(true);
    expect(query.stages[0].test(registry)).toBe(true);
    expect(query.stages[0].test(process)).toBe(false);
  });
});

describe('what ES 8 no longer accepts is refused with a pointer', () => {
  it('Endgame wildcard() names the : operator at the call', () => {
    expect(() => parse('registry where wildcard(registry.path, "HKLM\\\\*")')).toThrow(/:/);
  });
});

describe('patterns that end in a backslash or carry $ and ~', () => {
  it('a trailing escaped backslash must be the last character of the value', () => {
    // Hidden run keys and hidden accounts: the registry path itself ends with "\".
    const condition = 'registry.path : "*\\\\Run\\\\"';
    expect(holds(condition, { registry: { path: 'HKLM\\Software\\X\\Run\\' } })).toBe(true);
    expect(holds(condition, { registry: { path: 'HKLM\\Software\\X\\Run\\updater' } })).toBe(false);
    const account = 'registry.path : "HKLM\\\\SAM\\\\Names\\\\*$\\\\"';
    expect(holds(account, { registry: { path: 'HKLM\\SAM\\Names\\ghost$\\' } })).toBe(true);
    expect(holds(account, { registry: { path: 'HKLM\\SAM\\Names\\ghost\\' } })).toBe(false);
  });

  it('$ and ~ are literal in wildcard patterns', () => {
    const condition = 'file.path : "?:\\\\$UPGRADE.~BT\\\\*"';
    expect(holds(condition, { file: { path: 'C:\\$Upgrade.~BT\\x\\amsi.dll' } })).toBe(true);
    expect(holds(condition, { file: { path: 'C:\\UPGRADE.BT\\amsi.dll' } })).toBe(false);
  });

  it('a drive, anything, a colon, anything: an alternate data stream argument', () => {
    const condition = 'process.args : "?:\\\\*:*" and process.args_count == 1';
    expect(
      holds(condition, { process: { args: ['C:\\dir\\file.txt:hidden.exe'], args_count: 1 } }),
    ).toBe(true);
    expect(holds(condition, { process: { args: ['C:\\dir\\file.exe'], args_count: 1 } })).toBe(
      false,
    );
  });
});

describe('anchored one-character regex and length() on a list', () => {
  it('regex~ """[a-z0-9]\\.exe""" takes exactly one character before .exe, any case', () => {
    const condition = 'process.name regex~ """[a-z0-9]\\.exe"""';
    expect(holds(condition, { process: { name: 'Q.EXE' } })).toBe(true);
    expect(holds(condition, { process: { name: 'qq.exe' } })).toBe(false);
  });

  it('length() of a multi-valued field reads its first value', () => {
    expect(
      holds('length(registry.data.strings) > 0', { registry: { data: { strings: ['x', ''] } } }),
    ).toBe(true);
    expect(
      holds('length(registry.data.strings) > 0', { registry: { data: { strings: [''] } } }),
    ).toBe(false);
  });
});
