// Behaviour of constructs met while checking Elastic's public detection rules, beyond "it
// parses": each query here is written for this test in the shape a real rule uses.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/eql/index.ts';
import { holds } from './helpers.ts';

describe('a single stage repeated with runs', () => {
  // Brute-force rules are one stage and `with runs = N`, spaces around '=' included.
  const query = compile(
    'sequence by host.id with maxspan=5m\n' +
      '  [process where process.name : "lookup.exe" and process.args : ("-type=*", "-q=*")] with runs = 8',
  );

  it('expands to that many stages, all from the stage as written', () => {
    expect(query.stages).toHaveLength(8);
    expect(new Set(query.stages.map((s) => s.sourceIndex))).toEqual(new Set([0]));
    expect(query.stages.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(query.stages.every((s) => s.runs === 8)).toBe(true);
  });

  it('each copy tests the same condition', () => {
    const hit = {
      event: { category: 'process' },
      process: { name: 'LOOKUP.EXE', args: ['lookup.exe', '-Q=txt'] },
    };
    const miss = { event: { category: 'process' }, process: { name: 'lookup.exe', args: ['x'] } };
    expect(query.stages.every((s) => s.test(hit))).toBe(true);
    expect(query.stages.some((s) => s.test(miss))).toBe(false);
  });
});

describe('folder arithmetic on paths (library loaded from its own program folder)', () => {
  const sameFolder =
    'endswith~(substring(dll.path, 0, length(dll.path) - (length(dll.name) + 1)), ' +
    'substring(process.executable, 0, length(process.executable) - (length(process.name) + 1)))';
  const event = (dllPath: string, dllName: string, exe: string, exeName: string) => ({
    dll: { path: dllPath, name: dllName },
    process: { executable: exe, name: exeName },
  });

  it('holds when the library sits beside the executable, whatever the case', () => {
    expect(
      holds(
        sameFolder,
        event('C:\\Tools\\App\\helper.dll', 'helper.dll', 'c:\\tools\\app\\app.exe', 'app.exe'),
      ),
    ).toBe(true);
  });
  it('does not hold for a library from another folder', () => {
    expect(
      holds(
        sameFolder,
        event('C:\\Other\\helper.dll', 'helper.dll', 'C:\\Tools\\App\\app.exe', 'app.exe'),
      ),
    ).toBe(false);
  });
  it('is unknown (false) when a path is missing', () => {
    expect(
      holds(sameFolder, { dll: { name: 'x.dll' }, process: { executable: 'C:\\a.exe' } }),
    ).toBe(false);
  });
});

describe('machine account compared with its own host name', () => {
  // substring with a negative end counts from the end; string() lets IPs be compared as text.
  const condition =
    'startswith~(host.name, substring(user.name, 0, -1)) and not endswith(string(source.ip), string(host.ip))';
  const logon = (hostName: string, userName: string, sourceIp: string, hostIp: string) => ({
    host: { name: hostName, ip: hostIp },
    user: { name: userName },
    source: { ip: sourceIp },
  });

  it('holds for the host account arriving from another address', () => {
    expect(holds(condition, logon('SRV01.corp.example', 'srv01$', '10.0.0.9', '10.0.0.5'))).toBe(
      true,
    );
  });
  it('does not hold from the host itself or for another machine account', () => {
    expect(holds(condition, logon('SRV01', 'SRV01$', '10.0.0.5', '10.0.0.5'))).toBe(false);
    expect(holds(condition, logon('WS02', 'SRV01$', '10.0.0.9', '10.0.0.5'))).toBe(false);
  });
});

describe('regex written in a plain double-quoted string', () => {
  // A character class that leaves out some letters: "-o…" options must not match.
  const condition = 'process.args regex "-[A-NP-Za-np-z][A-Za-z]*[RLDW][A-Za-z]*"';
  const args = (...list: string[]) => ({ process: { args: list } });

  it('matches when any argument is a combined flag holding one of the letters', () => {
    expect(holds(condition, args('tool', '-fNR', 'host'))).toBe(true);
    expect(holds(condition, args('tool', '-qD'))).toBe(true);
  });
  it('is anchored and honours the excluded letters', () => {
    expect(holds(condition, args('tool', '-oRemote'))).toBe(false);
    expect(holds(condition, args('tool', 'x-fNR'))).toBe(false);
    expect(holds(condition, args('tool', '-N'))).toBe(false);
  });
});

describe('wildcards and fields seen in rules', () => {
  it('"* " matches only a value ending in a space', () => {
    expect(holds('process.name : "* "', { process: { name: 'invoice.pdf ' } })).toBe(true);
    expect(holds('process.name : "* "', { process: { name: 'invoice.pdf' } })).toBe(false);
  });

  it('a backtick field with dots and a slash finds the value however the event nests it', () => {
    const condition = '`audit.user.extra.example.io/pod-name` == "web-1"';
    expect(
      holds(condition, { audit: { user: { extra: { 'example.io/pod-name': ['web-1'] } } } }),
    ).toBe(true);
    expect(holds(condition, { 'audit.user.extra.example.io/pod-name': 'web-1' })).toBe(true);
    expect(
      holds(condition, { audit: { user: { extra: { 'example.io/pod-name': 'web-2' } } } }),
    ).toBe(false);
  });

  it('a trailing missing-event stage is compiled as missing, over any category', () => {
    const query = compile(
      'sequence by host.id with maxspan=5m\n' +
        '  [any where event.dataset == "sensor.alerts"]\n' +
        '  ![any where event.category in ("process", "network")]',
    );
    expect(query.stages.map((s) => s.missing)).toEqual([false, true]);
    expect(query.stages[1].category).toBeNull();
    expect(query.stages[1].test({ event: { category: 'network' } })).toBe(true);
    expect(query.stages[1].test({ event: { category: 'file' } })).toBe(false);
  });
});
