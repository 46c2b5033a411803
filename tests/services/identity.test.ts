import { describe, expect, it } from 'vitest';
import {
  alertId,
  alertIdentity,
  diffAlerts,
  eventIdentity,
  shortHash,
} from '../../src/worker/app/identity.ts';
import { exceptionMatches, hiddenBy, valueMatches } from '../../src/worker/app/exceptions.ts';
import type { AlertRow, RuleException } from '../../src/worker/app-api.ts';
import { syntheticAlert } from './alert-fixture.ts';

const row = (id: string) => ({ id }) as AlertRow;

describe('alert identity', () => {
  it('depends on the rule and on every event, in order', () => {
    const a = alertIdentity('r1', [eventIdentity('a.json', 1), eventIdentity('a.json', 9)]);
    expect(alertIdentity('r1', [eventIdentity('a.json', 1), eventIdentity('a.json', 9)])).toBe(a);
    expect(alertIdentity('r2', [eventIdentity('a.json', 1), eventIdentity('a.json', 9)])).not.toBe(
      a,
    );
    expect(alertIdentity('r1', [eventIdentity('a.json', 9), eventIdentity('a.json', 1)])).not.toBe(
      a,
    );
    expect(alertIdentity('r1', [eventIdentity('b.json', 1), eventIdentity('a.json', 9)])).not.toBe(
      a,
    );
    expect(alertId('s', a)).toBe(alertId('s', a));
    expect(alertId('s', a)).not.toBe(alertId('t', a));
  });

  it('hashes distinct strings apart', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) seen.add(shortHash(`rule|file.json#${i}|file.json#${i + 1}`));
    expect(seen.size).toBe(20_000);
  });

  it('diffs re-runs into added, removed and unchanged', () => {
    const before = [
      { identity: 'x', row: row('1') },
      { identity: 'y', row: row('2') },
    ];
    const after = [
      { identity: 'y', row: row('2') },
      { identity: 'z', row: row('3') },
    ];
    expect(diffAlerts(before, after)).toEqual({
      added: [row('3')],
      removed: [row('1')],
      unchanged: 1,
    });
    expect(diffAlerts(after, after)).toEqual({ added: [], removed: [], unchanged: 2 });
  });
});

describe('rule exceptions', () => {
  const exception = (field: string, value: string, ruleId = 'rule-1'): RuleException => ({
    id: `e-${field}`,
    ruleId,
    field,
    value,
    createdAt: 0,
    fromAlert: null,
  });

  it('compares values as text, arrays element by element', () => {
    expect(valueMatches('10.0.0.9', '10.0.0.9')).toBe(true);
    expect(valueMatches(5985, '5985')).toBe(true);
    expect(valueMatches(['a', 'b'], 'b')).toBe(true);
    expect(valueMatches('CMD.EXE', 'cmd.exe')).toBe(false);
    expect(valueMatches(undefined, '')).toBe(false);
    expect(valueMatches(null, 'null')).toBe(false);
  });

  it('hides an alert when any of its events has the value, only for its own rule', () => {
    const alert = syntheticAlert();
    expect(exceptionMatches(exception('source.ip', '10.0.0.9'), alert)).toBe(true);
    expect(exceptionMatches(exception('process.name', 'cmd.exe'), alert)).toBe(true);
    expect(exceptionMatches(exception('source.ip', '10.0.0.8'), alert)).toBe(false);
    expect(exceptionMatches(exception('source.ip', '10.0.0.9', 'rule-2'), alert)).toBe(false);
    expect(hiddenBy([exception('source.ip', 'nope'), exception('host.name', 'WS1')], alert)).toBe(
      'e-host.name',
    );
    expect(hiddenBy([], alert)).toBeNull();
  });
});
