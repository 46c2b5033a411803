// Evaluation semantics, each pinned to what Elasticsearch 8.x does (see src/eql/values.ts
// for the choices made where events carry no mapping types).
import { describe, expect, it } from 'vitest';
import { holds } from './helpers.ts';

describe('three-valued null logic', () => {
  const doc = { a: 1 };
  it('a comparison with a missing field is unknown, and not unknown stays unknown', () => {
    expect(holds('missing == 1', doc)).toBe(false);
    expect(holds('not missing == 1', doc)).toBe(false);
    expect(holds('missing != 1', doc)).toBe(false);
    expect(holds('not (missing != 1)', doc)).toBe(false);
  });
  it('or/and treat unknown as Kleene logic', () => {
    expect(holds('missing == 1 or a == 1', doc)).toBe(true);
    expect(holds('missing == 1 and a == 1', doc)).toBe(false);
    expect(holds('not (missing == 1 and a == 2)', doc)).toBe(true);
    expect(holds('not (missing == 1 or a == 2)', doc)).toBe(false);
  });
  it('== null and != null test presence', () => {
    expect(holds('missing == null', doc)).toBe(true);
    expect(holds('a == null', doc)).toBe(false);
    expect(holds('a != null', doc)).toBe(true);
    expect(holds('null == missing', doc)).toBe(true);
    expect(holds('nothing == null', { nothing: null })).toBe(true);
    expect(holds('empty == null', { empty: [] })).toBe(true);
  });
  it('an absent ?field is the null literal', () => {
    expect(holds('?x == ?y', doc)).toBe(true);
    expect(holds('?x == 1', doc)).toBe(false);
    expect(holds('?a == 1', doc)).toBe(true);
    expect(holds('x == y', doc)).toBe(false);
  });
});

describe('comparisons', () => {
  it('== is case-sensitive and exact; : is case-insensitive', () => {
    const doc = { name: 'CMD.exe' };
    expect(holds('name == "cmd.exe"', doc)).toBe(false);
    expect(holds('name == "CMD.exe"', doc)).toBe(true);
    expect(holds('name : "cmd.exe"', doc)).toBe(true);
    expect(holds('name == "CMD.*"', doc)).toBe(false);
  });
  it('numbers compare numerically, numeric strings too; other strings by code unit', () => {
    expect(holds('n < 10', { n: 9 })).toBe(true);
    expect(holds('n < 10', { n: '9' })).toBe(true);
    expect(holds('n == 5985', { n: '5985' })).toBe(true);
    expect(holds('n in (5985, 5986)', { n: '5986' })).toBe(true);
    expect(holds('s < "b"', { s: 'B' })).toBe(true);
    expect(holds('s > "System"', { s: 'System Idle Process' })).toBe(true);
    expect(holds('n == "x"', { n: 5 })).toBe(false);
    expect(holds('n < "x"', { n: 5 })).toBe(false);
  });
  it('dotted versions and IPv4 addresses order part by part', () => {
    expect(holds('v > "1.5.0"', { v: '1.11.3' })).toBe(true);
    expect(holds('v < "1.5.0"', { v: '1.2.4-SNAPSHOT' })).toBe(true);
    expect(holds('v < "1.2.4"', { v: '1.2.4-SNAPSHOT' })).toBe(true);
    expect(holds('v == "1.2.4"', { v: '1.2.04' })).toBe(false);
  });
  it('booleans compare with booleans', () => {
    expect(holds('b == true', { b: true })).toBe(true);
    expect(holds('b == false', { b: true })).toBe(false);
    expect(holds('b', { b: true })).toBe(true);
    expect(holds('b', { b: 'true' })).toBe(false);
  });
});

describe('multi-valued fields', () => {
  const doc = { args: ['cmd.exe', '/c', 'whoami'], ports: [80, 443] };
  it('match when any value matches', () => {
    expect(holds('args == "/c"', doc)).toBe(true);
    expect(holds('args : "WHO*"', doc)).toBe(true);
    expect(holds('ports in (443)', doc)).toBe(true);
    expect(holds('ports > 400', doc)).toBe(true);
    expect(holds('ports > 500', doc)).toBe(false);
  });
  it('!= and not in hold only when no value matches', () => {
    expect(holds('args != "/c"', doc)).toBe(false);
    expect(holds('args != "/k"', doc)).toBe(true);
    expect(holds('ports not in (80)', doc)).toBe(false);
    expect(holds('ports not in (8080)', doc)).toBe(true);
  });
});

describe('pattern operators', () => {
  const doc = { path: 'C:\\Windows\\System32\\cmd.exe', name: 'Cmd.exe' };
  it(': and like~ are insensitive wildcards, like is sensitive', () => {
    expect(holds('path : "c:\\\\windows\\\\*\\\\CMD.EXE"', doc)).toBe(true);
    expect(holds('path : "?:\\\\Windows\\\\System??\\\\cmd.exe"', doc)).toBe(true);
    expect(holds('path : "?:\\\\Windows\\\\System?\\\\cmd.exe"', doc)).toBe(false);
    expect(holds('name like "cmd.*"', doc)).toBe(false);
    expect(holds('name like "Cmd.*"', doc)).toBe(true);
    expect(holds('name like~ ("x", "CMD.E?E")', doc)).toBe(true);
    expect(holds('name : ("a*", "*b", "c*d")', doc)).toBe(false);
  });
  it('in is exact (no wildcards), in~ folds case', () => {
    expect(holds('name in ("Cmd.*")', doc)).toBe(false);
    expect(holds('name in ("cmd.exe")', doc)).toBe(false);
    expect(holds('name in~ ("cmd.exe")', doc)).toBe(true);
    expect(holds('name not in~ ("cmd.exe")', doc)).toBe(false);
  });
  it('regex is anchored Lucene syntax; regex~ folds case', () => {
    expect(holds('name regex "Cmd\\\\.exe"', doc)).toBe(true);
    expect(holds('name regex "Cmd"', doc)).toBe(false);
    expect(holds('name regex "cmd.*"', doc)).toBe(false);
    expect(holds('name regex~ "cmd.*"', doc)).toBe(true);
    expect(holds('path regex """.*\\\\[Ss]ystem[0-9]{2}\\\\.*"""', doc)).toBe(true);
    expect(holds('name regex ("x+", "C[a-z]+\\\\.exe")', doc)).toBe(true);
  });
});

describe('arithmetic', () => {
  it('integer division for integers, float otherwise, null on division by zero', () => {
    expect(holds('n / 2 == 41', { n: 83 })).toBe(true);
    expect(holds('n / 2.0 == 41.5', { n: 83 })).toBe(true);
    expect(holds('divide(n, 4.0) == 7.5', { n: 30 })).toBe(true);
    expect(holds('divide(n, 4) == 7', { n: 30 })).toBe(true);
    expect(holds('n / 0 == null', { n: 1 })).toBe(true);
    expect(holds('-n % 3 == -1', { n: 7 })).toBe(true);
    expect(holds('(1 + 3) * 2 - n == 5', { n: 3 })).toBe(true);
    expect(holds('n + 1 == null', { n: 'abc' })).toBe(true);
  });
});

describe('fields', () => {
  it('reads nested objects, flat dotted keys and mixes of both', () => {
    expect(holds('process.parent.name == "a"', { process: { parent: { name: 'a' } } })).toBe(true);
    expect(holds('process.parent.name == "a"', { 'process.parent.name': 'a' })).toBe(true);
    expect(holds('process.parent.name == "a"', { process: { 'parent.name': 'a' } })).toBe(true);
    expect(holds('process.parent.name == "a"', { 'process.parent': { name: 'a' } })).toBe(true);
    expect(holds('process.pid == 4', { 'process.pid': 4 })).toBe(true);
  });
  it('flattens arrays of objects along the path', () => {
    const doc = { dll: [{ name: 'a.dll' }, { name: 'b.dll' }] };
    expect(holds('dll.name : "B.DLL"', doc)).toBe(true);
  });
  it('treats backticked names as one path segment each', () => {
    expect(holds('`a b`.c == 1', { 'a b': { c: 1 } })).toBe(true);
    expect(holds('`sequence` == 1', { sequence: 1 })).toBe(true);
  });
});

describe('field names that collide with JavaScript object members', () => {
  it('reads only the event’s own keys', () => {
    expect(holds('constructor == null and toString == null', {})).toBe(true);
    expect(holds('a.constructor == null and a.b.toString == null', { a: { b: {} } })).toBe(true);
    expect(holds('`__proto__` == null', {})).toBe(true);
    expect(holds('constructor == "x"', { constructor: 'x' })).toBe(true);
  });
});

describe('booleans written as strings', () => {
  it('compare equal to the boolean they spell', () => {
    expect(holds('network.initiated == false', { network: { initiated: 'false' } })).toBe(true);
    expect(holds('network.initiated == true', { network: { initiated: 'false' } })).toBe(false);
    expect(holds('flag == "true"', { flag: true })).toBe(true);
    expect(holds('flag == "yes"', { flag: true })).toBe(false);
  });
});
