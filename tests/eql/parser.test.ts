import { describe, expect, it } from 'vitest';
import { EqlError, parse, print, tryParse } from '../../src/eql/index.ts';
import { conditionOf, withoutSpans } from './helpers.ts';

function errorOf(source: string): EqlError {
  try {
    parse(source);
  } catch (e) {
    if (e instanceof EqlError) return e;
    throw e;
  }
  throw new Error(`no error for ${source}`);
}

describe('parse: query shapes', () => {
  it('reads the WinRM remote-shell rule as a two-stage sequence', () => {
    const q = parse(
      'sequence by host.id with maxspan=30s [network where process.pid == 4 and network.direction : ("incoming", "ingress") and destination.port in (5985, 5986) and network.protocol == "http" and source.ip != "127.0.0.1" and source.ip != "::1"] [process where event.type == "start" and process.parent.name : "winrshost.exe" and not process.name : "conhost.exe"]',
    );
    expect(q.type).toBe('SequenceQuery');
    if (q.type !== 'SequenceQuery') return;
    expect(q.by.map((k) => k.type === 'Field' && k.path.join('.'))).toEqual(['host.id']);
    expect(q.maxspan).toMatchObject({ value: 30, unit: 's' });
    expect(q.stages.map((s) => s.filter.category)).toEqual(['network', 'process']);
  });

  it('reads stage keys, runs, missing events, until and pipes', () => {
    const q = parse(`sequence by user.name with maxspan=5m
      [authentication where event.outcome == "failure"] by source.ip with runs=3
     ![process where true] by source.ip
      [authentication where event.outcome == "success"] by source.ip
      until [process where event.type == "end"] by source.ip
    | tail 2`);
    if (q.type !== 'SequenceQuery') throw new Error(q.type);
    expect(q.stages.map((s) => [s.missing, s.runs, s.by.length])).toEqual([
      [false, 3, 1],
      [true, null, 1],
      [false, null, 1],
    ]);
    expect(q.until?.filter.category).toBe('process');
    expect(q.pipes).toMatchObject([{ name: 'tail', count: 2 }]);
  });

  it('reads any, quoted categories, backticked and optional fields, comments', () => {
    const q =
      parse(`"my category" where \`weird field\`.x == 1 /* block */ and ?maybe.there != null // line
      | head 3`);
    if (q.type !== 'EventQuery') throw new Error(q.type);
    expect(q.filter.category).toBe('my category');
    expect(parse('any where true').type).toBe('EventQuery');
    const cond = q.filter.condition;
    expect(cond.type === 'Logical' && cond.left.type === 'Compare' && cond.left.left).toMatchObject(
      { type: 'Field', path: ['weird field', 'x'], optional: false },
    );
    expect(
      cond.type === 'Logical' && cond.right.type === 'Compare' && cond.right.left,
    ).toMatchObject({ type: 'Field', path: ['maybe', 'there'], optional: true });
  });

  it('decodes string escapes and keeps raw strings raw', () => {
    const c = conditionOf(
      'any where a == "q\\"\\\\\\n\\t\\u{1F600}" and b == """C:\\Windows\\"x"""',
    );
    expect(c.type === 'Logical' && c.left.type === 'Compare' && c.left.right).toMatchObject({
      value: 'q"\\\n\t😀',
    });
    expect(c.type === 'Logical' && c.right.type === 'Compare' && c.right.right).toMatchObject({
      value: 'C:\\Windows\\"x',
    });
    // Plain runs between escapes, at either end, and a doubled backtick inside a name.
    const d = conditionOf(
      'any where `a``b``` == "\\\\\\\\host\\\\share\\\\x.exe" and `c` == "ab\\\\"',
    );
    expect(d.type === 'Logical' && d.left.type === 'Compare' && d.left).toMatchObject({
      left: { type: 'Field', path: ['a`b`'] },
      right: { value: '\\\\host\\share\\x.exe' },
    });
    expect(d.type === 'Logical' && d.right.type === 'Compare' && d.right).toMatchObject({
      left: { type: 'Field', path: ['c'] },
      right: { value: 'ab\\' },
    });
  });

  it('gives not the loosest unary binding and keeps comparisons above predicates', () => {
    expect(print(parse('any where not a == 1 and b'))).toBe('any where not a == 1 and b');
    const c = conditionOf('any where not a : "x" or b in (1, 2) and c');
    expect(c).toMatchObject({
      type: 'Logical',
      op: 'or',
      left: { type: 'Not', operand: { type: 'Match' } },
      right: { type: 'Logical', op: 'and', left: { type: 'In' } },
    });
  });

  it('reads arithmetic with the usual precedence, left-associative', () => {
    const c = conditionOf('any where a - b - c * d % e == -f');
    expect(print(parse('any where a - b - c * d % e == -f'))).toBe(
      'any where a - b - c * d % e == -f',
    );
    expect(c).toMatchObject({
      type: 'Compare',
      left: { op: '-', left: { op: '-' }, right: { op: '%', left: { op: '*' } } },
      right: { type: 'Negate' },
    });
  });

  it('accepts function names in any case and ~ variants', () => {
    expect(() =>
      parse('any where startswith~(a, "x") and CIDRMATCH(ip, "10.0.0.0/8")'),
    ).not.toThrow();
  });

  it('parses samples', () => {
    const q = parse(
      'sample by host.id [process where true] by user.id [network where true] by source.ip',
    );
    expect(q).toMatchObject({
      type: 'SampleQuery',
      by: [{}],
      stages: [{ by: [{}] }, { by: [{}] }],
    });
  });

  it('tryParse reports instead of throwing', () => {
    const bad = tryParse('process where');
    expect(bad.ok).toBe(false);
    const good = tryParse('process where true');
    expect(good.ok && good.query.type).toBe('EventQuery');
  });

  it('print of a parsed query parses to the same tree', () => {
    const text =
      'sequence by a with maxspan=1h [process where x : ("a*", "b") and not y like~ "z?"] by b with runs=2 ![file where n regex """a\\.b"""] by c [any where -(1 + 2) * 3 > f(g)] by d until [process where z not in~ ("Q")] by e | head 5';
    const once = parse(text.replace('f(g)', 'length(g)'));
    expect(withoutSpans(parse(print(once)))).toEqual(withoutSpans(once));
  });
});

describe('parse: errors a person can act on', () => {
  it('points at an unclosed stage with where it was opened', () => {
    const e = errorOf('sequence [process where a == 1] [file where b == 2 and c == 3');
    expect(e.message).toBe("expected ']' to close the stage opened at 1:33, found end of query");
    expect([e.line, e.column]).toEqual([1, 62]);
    expect(e.format()).toBe(
      `1:62: ${e.message}\nsequence [process where a == 1] [file where b == 2 and c == 3\n${' '.repeat(61)}^`,
    );
    expect(String(e)).toBe(e.format());
  });

  it('reports positions on later lines with a caret under the offending text', () => {
    const e = errorOf('process where\n  a == 1 and\n  b = 2');
    expect([e.line, e.column, e.offset]).toEqual([3, 5, 31]);
    expect(e.format().split('\n').slice(1)).toEqual(['  b = 2', '    ^']);
  });

  it.each([
    ['process where a = 1', 'use =='],
    ["process where a == 'x'", 'double quotes'],
    ['process where wildcard(a, "x*")', 'use the : operator'],
    ['process where a == 1 && b == 2', 'use and'],
    ['process where a == 1 | unique a', 'pipe unique is not supported'],
    ['process where a == 1 | filter b', 'pipe filter is not supported'],
    ['join [process where true] [file where true]', 'join is not supported'],
    ['process where descendant of [process where true]', 'not supported'],
    ['process where a == "C:\\Windows"', 'invalid escape'],
    ['process where a < b < c', 'cannot be chained'],
    ['process.name == "x"', 'a query starts with an event category'],
  ])('%s → hint %s', (source, hint) => {
    expect(errorOf(source).message).toContain(hint);
  });

  it('names unknown functions, with a suggestion, and wrong arity', () => {
    expect(errorOf('any where startWith(a, "b")').message).toBe(
      'unknown function startWith; did you mean startsWith?',
    );
    const arity = errorOf('any where substring(a)');
    expect(arity.message).toBe('function substring expects 2 to 3 arguments, found 1');
    expect(arity.column).toBe(11);
    expect(errorOf('any where length~(a)').message).toContain('no case-insensitive ~ variant');
  });

  it('enforces Elasticsearch rules on sequences', () => {
    expect(errorOf('sequence [a where true]').message).toBe(
      'a sequence needs at least 2 stages, found 1',
    );
    expect(errorOf('sequence [a where true] [b where true] with runs=0').message).toContain(
      'at least once',
    );
    expect(errorOf('sequence [a where true] with runs=101 [b where true]').message).toContain(
      'more than 100 times',
    );
    expect(errorOf('sequence [a where true] with foo=2 [b where true]').message).toContain(
      'only runs is supported',
    );
    expect(errorOf('sequence [a where true] ![b where true] [c where true]').message).toContain(
      'needs with maxspan',
    );
    expect(errorOf('sequence with maxspan=1s ![a where true] ![b where true]').message).toContain(
      'at least one stage that is not a missing event',
    );
    expect(
      errorOf('sequence with maxspan=1s by a [x where true] [y where true]').message,
    ).toContain('by before with');
    expect(errorOf('sequence with maxspan=10 [x where true] [y where true]').message).toContain(
      'time unit',
    );
    expect(errorOf('sequence with maxspan=10y [x where true] [y where true]').message).toContain(
      'unknown time unit y',
    );
    expect(errorOf('sequence with maxspan=0s [x where true] [y where true]').message).toContain(
      'positive',
    );
    expect(errorOf('sequence [x where true] by a [y where true] by a, b').message).toContain(
      'inconsistent number of join keys: expected 1',
    );
  });

  it('checks regex patterns where they are written', () => {
    const e = errorOf('any where a regex "ab(c"');
    expect(e.message).toContain('invalid regular expression');
    expect(e.column).toBe(19);
  });

  it('rejects trailing garbage and a missing condition', () => {
    expect(errorOf('process where a == 1 b').message).toContain("found 'b'");
    expect(errorOf('process where').message).toContain('expected an expression');
    expect(errorOf('process where a in ()').message).toContain('expected an expression');
    expect(errorOf('process where a == 1 | head').message).toContain('exactly one argument');
  });
});

describe('parse: keyword case', () => {
  it('hints that keywords are lowercase', () => {
    expect(errorOf('process WHERE a == 1').message).toContain(
      'keywords are lowercase: write where',
    );
    expect(errorOf('process where a == 1 AND b == 2').message).toContain('write and');
  });
  it('accepts upper-case words as field names and categories', () => {
    expect(() => parse('OPTIONAL where AND == 1')).not.toThrow();
  });
});

describe('parse: repeated stages', () => {
  it('counts runs towards the two-stage minimum', () => {
    expect(() => parse('sequence [a where true] with runs=2')).not.toThrow();
    expect(errorOf('sequence [a where true] with runs=1').message).toContain('at least 2 stages');
  });
  it('refuses runs on until', () => {
    expect(
      errorOf('sequence [a where true] [b where true] until [c where true] with runs=2').message,
    ).toContain('until stage cannot be repeated');
  });
});

describe('parse: constant arguments', () => {
  it('checks the kind of constant function arguments, as Elasticsearch does', () => {
    const e = errorOf('any where startsWith(process.name, 1)');
    expect(e.message).toBe('argument 2 of startsWith must be a string, found 1');
    expect(e.column).toBe(36);
    expect(errorOf('any where length(true)').message).toContain('must be a string');
    expect(errorOf('any where add(a, "1")').message).toContain('must be a number');
    expect(errorOf('any where between(a, "x", "y", 1)').message).toContain('true or false');
    expect(() =>
      parse('any where concat(1, true, "x", null) == "1truex" and number(a, null) == 1'),
    ).not.toThrow();
  });
  it('rejects malformed CIDR blocks instead of never matching', () => {
    expect(errorOf('any where cidrMatch(ip, "10.0.0.0/8", "10.0.0/8")').message).toBe(
      '"10.0.0/8" is not an IP address or CIDR block (as in "10.0.0.0/8" or "fe80::/10")',
    );
    expect(errorOf('any where cidrMatch(ip, "10.0.0.0/33")').column).toBe(25);
  });
});
