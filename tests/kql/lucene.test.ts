// Lucene's query-string subset (rules with language = "lucene"), on synthetic events.
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { compileLucene, KqlError, parseLucene } from '../../src/kql/index.ts';

const matches = (query: string, doc: Doc) => compileLucene(query).stages[0].test(doc);
const doc = {
  event: { code: '4688', category: ['process'] },
  process: { name: 'cmd.exe', pid: 4000, args: ['cmd.exe', '/c', 'whoami'] },
  user: { name: 'Alice Smith' },
};

describe('Lucene subset', () => {
  it('field:value, quotes, wildcards, escapes', () => {
    expect(matches('process.name:cmd.exe', doc)).toBe(true);
    expect(matches('process.name:CMD.EXE', doc)).toBe(false);
    expect(matches('user.name:"Alice Smith"', doc)).toBe(true);
    expect(matches('process.name:cm*', doc)).toBe(true);
    expect(matches('process.name:c?d.exe', doc)).toBe(true);
    expect(matches('process.args:\\/c', doc)).toBe(true);
  });

  it('AND / OR / NOT, && || !, + and -, implicit OR, parentheses', () => {
    expect(matches('process.name:cmd.exe AND event.code:4688', doc)).toBe(true);
    expect(matches('process.name:cmd.exe && NOT event.code:4688', doc)).toBe(false);
    expect(matches('process.name:x.exe || event.code:4688', doc)).toBe(true);
    expect(matches('process.name:x.exe event.code:4688', doc)).toBe(true);
    expect(matches('+process.name:cmd.exe -process.args:whoami', doc)).toBe(true);
    expect(matches('!process.name:cmd.exe', doc)).toBe(false);
    expect(matches('(process.name:x OR process.name:y) AND event.code:4688', doc)).toBe(false);
    expect(matches('process.name:(x.exe OR cmd.exe)', doc)).toBe(true);
  });

  it('ranges [a TO b] inclusive, {a TO b} exclusive, * open; _exists_', () => {
    expect(matches('process.pid:[4000 TO 5000]', doc)).toBe(true);
    expect(matches('process.pid:{4000 TO 5000]', doc)).toBe(false);
    expect(matches('process.pid:[* TO 3999]', doc)).toBe(false);
    expect(matches('_exists_:process.pid', doc)).toBe(true);
    expect(matches('_exists_:process.parent.pid', doc)).toBe(false);
  });

  it('reports what it does not support, with the position', () => {
    const err = (q: string) => {
      try {
        parseLucene(q);
      } catch (e) {
        if (e instanceof KqlError) return `${e.column}: ${e.message}`;
      }
      return 'parsed';
    };
    expect(err('process.name:/cm.*/')).toMatch(/^14: Lucene regular expressions/);
    expect(err('user.name:alice~')).toMatch(/^16: fuzzy/);
    expect(err('process.pid:[1 5]')).toMatch(/^13: a range is written/);
    expect(err('(a:b')).toMatch(/missing '\)'/);
  });
});
