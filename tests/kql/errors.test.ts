// A malformed query names the line and column of the mistake and says what was expected.
import { describe, expect, it } from 'vitest';
import { KqlError, parseKql } from '../../src/kql/index.ts';

function error(query: string): KqlError {
  try {
    parseKql(query);
  } catch (e) {
    if (e instanceof KqlError) return e;
    throw e;
  }
  throw new Error(`parsed: ${query}`);
}

describe('KQL errors', () => {
  it.each([
    ['process.name:(a or b', 1, 21, "missing ')'"],
    ['process.name: "cmd.exe', 1, 15, 'unterminated quoted string'],
    ['a:1 and\n  b:', 2, 5, 'expected a value'],
    ['a:1 b:2', 1, 6, "unexpected ':'"],
    ['a:1)', 1, 4, "unbalanced ')'"],
    ['a: C:\\Windows', 1, 5, "unexpected ':'"],
    ['a: x\\y', 1, 5, "unknown escape '\\y'"],
    ['a:{ b:1', 1, 8, "missing '}'"],
    ['a >= ', 1, 6, "expected a value after '>='"],
    ['a:1 and or b:2', 1, 9, 'expected a field or a value'],
  ])('%j', (query, line, column, message) => {
    const e = error(query);
    expect(e.message).toContain(message);
    expect([e.line, e.column]).toEqual([line, column]);
    expect(e.format().split('\n')).toHaveLength(3);
  });

  it('an empty query matches everything', () => {
    expect(parseKql('  ')).toMatchObject({ type: 'and', operands: [] });
  });
});
