// KQL semantics, construct by construct, from Kibana's "Kibana Query Language" reference
// (elastic.co/docs/reference/query-languages/kql): each example in a positive and a negative
// form, on ECS-shaped events (synthetic, written here).
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { compileKql } from '../../src/kql/index.ts';

function matches(query: string, doc: Doc): boolean {
  return compileKql(query).stages[0].test(doc);
}

describe('KQL: matching a value', () => {
  it('field: value is an exact, case-sensitive match on keyword fields', () => {
    const doc = { http: { request: { method: 'GET' } } };
    expect(matches('http.request.method: GET', doc)).toBe(true);
    expect(matches('http.request.method: get', doc)).toBe(false);
    expect(matches('http.request.method: GE', doc)).toBe(false);
  });

  it('numbers and booleans match their own type and their text', () => {
    expect(
      matches('http.response.status_code: 400', { http: { response: { status_code: 400 } } }),
    ).toBe(true);
    expect(matches('destination.port: "3389"', { destination: { port: 3389 } })).toBe(true);
    expect(matches('destination.port: 3390', { destination: { port: 3389 } })).toBe(false);
    expect(
      matches('gcp.audit.request.spec.hostPID: true', { 'gcp.audit.request.spec.hostPID': true }),
    ).toBe(true);
    expect(
      matches('gcp.audit.request.spec.hostPID: false', { 'gcp.audit.request.spec.hostPID': true }),
    ).toBe(false);
  });

  it('flat dotted keys and nested objects are the same field', () => {
    expect(matches('process.name: cmd.exe', { 'process.name': 'cmd.exe' })).toBe(true);
    expect(matches('process.name: cmd.exe', { process: { name: 'cmd.exe' } })).toBe(true);
  });

  it('a multi-valued field matches when any of its values does', () => {
    const doc = { event: { type: ['start', 'process_started'] } };
    expect(matches('event.type: start', doc)).toBe(true);
    expect(matches('event.type: process_started', doc)).toBe(true);
    expect(matches('event.type: end', doc)).toBe(false);
  });

  it('an unquoted value may hold spaces; only spaced and/or end it', () => {
    const doc = { 'winlog.event_data.ServiceName': 'Remote Registry' };
    expect(matches('winlog.event_data.ServiceName: Remote Registry', doc)).toBe(true);
    expect(matches('winlog.event_data.ServiceName:Remote Registry and event.code: 7045', doc)).toBe(
      false,
    );
  });
});

describe('KQL: quoted values and escapes', () => {
  it('a quoted value is literal: * is not a wildcard inside quotes', () => {
    expect(matches('file.name: "a*b"', { file: { name: 'a*b' } })).toBe(true);
    expect(matches('file.name: "a*b"', { file: { name: 'axxb' } })).toBe(false);
  });

  it('quoted strings escape \\" and \\\\ and keep other backslashes', () => {
    const path = 'C:\\Windows\\System32\\lsass.exe';
    expect(
      matches('process.executable: "C:\\\\Windows\\\\System32\\\\lsass.exe"', {
        process: { executable: path },
      }),
    ).toBe(true);
    expect(
      matches('process.executable: "C:\\Windows\\System32\\lsass.exe"', {
        process: { executable: path },
      }),
    ).toBe(true);
    expect(matches('process.args: "\\"quoted\\""', { process: { args: ['"quoted"'] } })).toBe(true);
    expect(matches('process.args: "\\u0041"', { process: { args: ['A'] } })).toBe(true);
  });

  it('unquoted values escape special characters with a backslash', () => {
    const doc = {
      user: { email: 'system:node:gke-1' },
      process: { executable: 'C:\\Tools\\a (x86).exe' },
    };
    expect(matches('user.email: system\\:node\\:*', doc)).toBe(true);
    expect(matches('user.email: system\\:serviceaccount\\:*', doc)).toBe(false);
    expect(matches('process.executable: C\\:\\\\Tools\\\\a \\(x86\\).exe', doc)).toBe(true);
    expect(matches('process.args: \\*', { process: { args: ['*'] } })).toBe(true);
    expect(matches('process.args: \\*', { process: { args: ['x'] } })).toBe(false);
  });

  it('escaped keywords are values, not operators', () => {
    expect(matches('word: \\or', { word: 'or' })).toBe(true);
    expect(matches('phrase: a \\and b', { phrase: 'a and b' })).toBe(true);
  });
});

describe('KQL: wildcards', () => {
  it('* in a value matches any run of characters, case-sensitively on keywords', () => {
    const doc = { machine: { os: 'win 10' } };
    expect(matches('machine.os: win*', doc)).toBe(true);
    expect(matches('machine.os: *10', doc)).toBe(true);
    expect(matches('machine.os: *n 1*', doc)).toBe(true);
    expect(matches('machine.os: Win*', doc)).toBe(false);
    expect(matches('machine.os: lin*', doc)).toBe(false);
  });

  it('? is an ordinary character, not a single-character wildcard', () => {
    expect(matches('file.name: a?c*', { file: { name: 'a?cd' } })).toBe(true);
    expect(matches('file.name: a?c*', { file: { name: 'abcd' } })).toBe(false);
  });

  it('field: * tests that the field exists, including an empty string', () => {
    expect(matches('http.request.method: *', { http: { request: { method: '' } } })).toBe(true);
    expect(matches('http.request.method: *', { http: { request: {} } })).toBe(false);
    expect(matches('http.request.method: *', { http: { request: { method: null } } })).toBe(false);
    expect(matches('process.args: *', { process: { args: [] } })).toBe(false);
  });

  it('wildcards in a field name try every field they name', () => {
    const doc = { file: { hash: { sha256: 'abc', md5: 'def' } } };
    expect(matches('file.hash.*: def', doc)).toBe(true);
    expect(matches('file.hash.*: *', doc)).toBe(true);
    expect(matches('file.hash.*: xyz', doc)).toBe(false);
    expect(matches('process.hash.*: *', doc)).toBe(false);
  });
});

describe('KQL: boolean operators', () => {
  const doc = { response: 200, extension: 'php' };

  it('or, and, not, case-insensitive keywords', () => {
    expect(matches('response:200 or extension:php', { response: 404, extension: 'php' })).toBe(
      true,
    );
    expect(matches('response:200 and extension:php', doc)).toBe(true);
    expect(matches('response:200 AND extension:css', doc)).toBe(false);
    expect(matches('NOT response:200', doc)).toBe(false);
    expect(matches('not response:404', doc)).toBe(true);
  });

  it('and binds tighter than or; parentheses override', () => {
    // response:200 or (extension:css and response:404)
    expect(matches('response:200 or extension:css and response:404', doc)).toBe(true);
    expect(matches('(response:200 or extension:css) and response:404', doc)).toBe(false);
  });

  it('not matches events that lack the field', () => {
    expect(matches('not user.name: root', { host: { name: 'a' } })).toBe(true);
  });

  it('value lists: field:(a or b), field:(a and b), field:(a and not b)', () => {
    expect(matches('response:(200 or 404)', { response: 404 })).toBe(true);
    expect(matches('response:(200 or 404)', { response: 500 })).toBe(false);
    const tags = { tags: ['success', 'info'] };
    expect(matches('tags:(success and info)', tags)).toBe(true);
    expect(matches('tags:(success and security)', tags)).toBe(false);
    expect(matches('tags:(success and not security)', tags)).toBe(true);
    expect(matches('tags:(* and not (info or debug))', tags)).toBe(false);
  });
});

describe('KQL: ranges', () => {
  it('numbers compare numerically, whatever their JSON type', () => {
    expect(
      matches('account_number >= 100 and items_sold <= 200', {
        account_number: 100,
        items_sold: '150',
      }),
    ).toBe(true);
    expect(matches('account_number > 100', { account_number: 100 })).toBe(false);
    expect(matches('bytes < 1000', { bytes: '999' })).toBe(true);
    expect(matches('bytes < 1000', { bytes: 'n/a' })).toBe(false);
  });

  it('dates compare as instants, ISO text or date math', () => {
    const doc = { '@timestamp': '2024-05-01T10:00:00.000Z' };
    expect(matches('@timestamp < "2024-05-02"', doc)).toBe(true);
    expect(matches('@timestamp >= "2024-05-01T10:00:01Z"', doc)).toBe(false);
    expect(matches('@timestamp < now', doc)).toBe(true);
    expect(matches('@timestamp > now-1d', doc)).toBe(false);
  });

  it('strings compare as text (versions part by part)', () => {
    expect(
      matches('host.os.version >= 10.0.19041', { host: { os: { version: '10.0.22000' } } }),
    ).toBe(true);
    expect(matches('user.name < m', { user: { name: 'alice' } })).toBe(true);
    expect(matches('user.name < m', { user: { name: 'zed' } })).toBe(false);
  });
});

describe('KQL: nested queries', () => {
  it('field:{ query } needs one element to satisfy the whole inner query', () => {
    const doc = {
      items: [
        { name: 'banana', stock: 8 },
        { name: 'peach', stock: 2 },
      ],
    };
    expect(matches('items:{ name:banana and stock > 5 }', doc)).toBe(true);
    expect(matches('items:{ name:banana and stock < 5 }', doc)).toBe(false);
    // Without the nesting, each condition may hold on a different element.
    expect(matches('items.name:banana and items.stock < 5', doc)).toBe(true);
  });
});

describe('KQL: text fields (analysed)', () => {
  const doc = { message: 'The Quick brown fox jumps' };

  it('unquoted: any of the words, regardless of order and case', () => {
    expect(matches('message: quick', doc)).toBe(true);
    expect(matches('message: fox quick', doc)).toBe(true);
    expect(matches('message: qui', doc)).toBe(false);
  });

  it('quoted: the words as a phrase, in order', () => {
    expect(matches('message: "quick brown fox"', doc)).toBe(true);
    expect(matches('message: "quick fox brown"', doc)).toBe(false);
  });

  it('a wildcard meets one word at a time', () => {
    expect(matches('message: qu*', doc)).toBe(true);
    expect(matches('message: *ump*', doc)).toBe(true);
    expect(matches('message: quick*fox', doc)).toBe(false);
  });

  it('PowerShell script blocks are text; .text multi-fields read their keyword parent', () => {
    const ps = {
      powershell: { file: { script_block_text: '$x = [Win32]::GetAsyncKeyState(0x41)' } },
    };
    expect(matches('powershell.file.script_block_text: "GetAsyncKeyState"', ps)).toBe(true);
    expect(matches('powershell.file.script_block_text: "GetKeyboardState"', ps)).toBe(false);
    const proc = { process: { command_line: 'CMD.EXE /c whoami' } };
    expect(matches('process.command_line.text: "cmd.exe"', proc)).toBe(true);
    expect(matches('process.command_line: "cmd.exe"', proc)).toBe(false);
  });

  it('.caseless fields ignore case', () => {
    expect(matches('process.name.caseless: cmd.exe', { process: { name: 'CMD.EXE' } })).toBe(true);
    expect(matches('process.name.caseless: cmd*', { process: { name: 'CMD.EXE' } })).toBe(true);
  });
});

describe('KQL: ip fields', () => {
  it('take CIDR blocks and compare addresses, not text', () => {
    expect(matches('destination.ip: 10.0.0.0/8', { destination: { ip: '10.1.2.3' } })).toBe(true);
    expect(matches('destination.ip: 10.0.0.0/8', { destination: { ip: '11.1.2.3' } })).toBe(false);
    expect(matches('destination.ip: "FE80::/10"', { destination: { ip: 'fe80::1' } })).toBe(true);
    expect(matches('source.ip: "::1"', { source: { ip: '0:0:0:0:0:0:0:1' } })).toBe(true);
  });
});

describe('KQL: free text', () => {
  it('a value without a field matches any field', () => {
    const doc = { user: { name: 'alice' }, process: { name: 'cmd.exe' } };
    expect(matches('cmd.exe', doc)).toBe(true);
    expect(matches('"alice"', doc)).toBe(true);
    expect(matches('bob', doc)).toBe(false);
  });
});

describe('KQL: the engine stage', () => {
  it('a top-level event.category restricts the stage to that category', () => {
    const q = compileKql('event.category:process and process.name:cmd.exe');
    expect(q.kind).toBe('event');
    expect(q.stages[0].category).toBe('process');
    expect(compileKql('process.name:cmd.exe').stages[0].category).toBeNull();
    expect(compileKql('event.category:process or x:1').stages[0].category).toBeNull();
  });

  it('lists the fields it reads', () => {
    expect(compileKql('a:1 and not (b:2 or c > 3) and d:{ e:1 }').stages[0].fields).toEqual([
      'a',
      'b',
      'c',
      'd.e',
    ]);
  });
});
