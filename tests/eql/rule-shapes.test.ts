// Every construct real detection rules use parses, validates, compiles and survives a
// print → parse round trip (queries: tests/fixtures/eql/rule-shapes.eql, synthetic).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, parse, print } from '../../src/eql/index.ts';
import { withoutSpans } from './helpers.ts';

const file = new URL('../fixtures/eql/rule-shapes.eql', import.meta.url);
const queries = readFileSync(file, 'utf8')
  .split(/^---$/m)
  .map((q) => q.trim())
  .filter(Boolean);

describe('rule-shaped queries', () => {
  it('the fixture holds them all', () => expect(queries.length).toBeGreaterThanOrEqual(17));

  it.each(queries.map((q) => [q.split('\n')[0].slice(0, 60), q]))('%s', (_title, query) => {
    const tree = parse(query);
    const compiled = compile(query);
    expect(compiled.stages.length).toBeGreaterThan(0);
    for (const stage of compiled.stages) expect(stage.test({})).toBe(false);
    expect(withoutSpans(parse(print(tree)))).toEqual(withoutSpans(tree));
  });
});
