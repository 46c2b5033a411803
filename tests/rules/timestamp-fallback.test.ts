// Kibana's timestamp_override falls back to @timestamp when the event lacks the override
// field, unless timestamp_override_fallback_disabled is set (synthetic rule and events).
import { describe, expect, it } from 'vitest';
import { compileRule, type Rule } from '../../src/rules/index.ts';

const rule: Rule = {
  id: 'r',
  name: 'R',
  description: '',
  type: 'query',
  language: 'kuery',
  query: 'event.code:1',
  severity: 'low',
  risk_score: 21,
  tags: [],
  threat: [],
  false_positives: [],
  references: [],
  author: [],
  origin: 'imported',
  enabled: true,
  timestamp_override: 'event.ingested',
};

const withIngested = {
  '@timestamp': '2024-05-01T10:00:00Z',
  event: { code: '1', ingested: '2024-05-01T10:05:00Z' },
};
const withoutIngested = { '@timestamp': '2024-05-01T10:00:00Z', event: { code: '1' } };

describe('timestamp_override', () => {
  const compiled = compileRule(rule, { timestampField: 'event.ingested' }).query;

  it('reads the override field when the event has it', () => {
    expect(compiled.timestamp(withIngested)).toBe(Date.parse('2024-05-01T10:05:00Z'));
  });

  it('falls back to @timestamp when it does not', () => {
    expect(compiled.timestamp(withoutIngested)).toBe(Date.parse('2024-05-01T10:00:00Z'));
  });

  it('does not fall back when the rule disables it', () => {
    const strict = { ...rule, extra: { timestamp_override_fallback_disabled: true } };
    const q = compileRule(strict, { timestampField: 'event.ingested' }).query;
    expect(q.timestamp(withoutIngested)).toBeNull();
  });
});
