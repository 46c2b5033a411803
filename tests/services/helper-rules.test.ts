// A helper keeps the rules of the last few scans by their keys, and a job naming a key it was
// never sent fails with a message rather than reading with no rules (synthetic rule lists).
import { describe, expect, it } from 'vitest';
import { HelperRules } from '../../src/worker/app/helper-rules.ts';
import { syntheticRule } from '../rules/fixtures.ts';

describe("a helper's rules by scan key", () => {
  it('gives each key its own list, the very list it was sent', () => {
    const rules = new HelperRules();
    const a = [syntheticRule({ id: 'a' })];
    const b = [syntheticRule({ id: 'b' })];
    rules.use('scan-a', a);
    rules.use('scan-b', b);
    expect(rules.get('scan-a')).toBe(a);
    expect(rules.get('scan-b')).toBe(b);
  });

  it('keeps the last four scans, and says so for a key it does not hold', () => {
    const rules = new HelperRules();
    for (let i = 0; i < 6; i++) rules.use(`scan-${i}`, [syntheticRule({ id: `r${i}` })]);
    expect(() => rules.get('scan-0')).toThrow(/not sent the scan's rules/);
    expect(() => rules.get('scan-1')).toThrow(/not sent the scan's rules/);
    for (let i = 2; i < 6; i++) expect(rules.get(`scan-${i}`)[0].id).toBe(`r${i}`);
    expect(() => rules.get('never')).toThrow(/not sent the scan's rules/);
  });
});
