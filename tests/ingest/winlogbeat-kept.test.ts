// The fields of a Winlogbeat document that the mapping does not make (agent, ecs, labels…) are
// kept as copies: the document must not share objects with the record it was read from, and
// a field named `__proto__` stays a field.
import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/ingest/normalize.ts';
import { parseJsonExact } from '../../src/case/json-text.ts';

const TEXT = JSON.stringify({
  '@timestamp': '2024-05-06T09:00:00.000Z',
  agent: { type: 'winlogbeat', version: '8.13.2', tags: ['a', { deep: [1, null, true] }] },
  labels: { nested: { list: [{ x: 'y' }] } },
  host: { name: 'wks-1' },
  winlog: {
    channel: 'Security',
    provider_name: 'Microsoft-Windows-Security-Auditing',
    event_id: 4624,
    record_id: 7,
    computer_name: 'wks-1',
    event_data: { TargetUserName: 'alice', LogonType: '3' },
  },
}).replace('"labels":{', '"labels":{"__proto__":{"polluted":true},');

describe('Winlogbeat fields kept beside the mapping', () => {
  it('are deep copies, equal to what was read, `__proto__` included as a field', () => {
    const raw = parseJsonExact(TEXT) as Record<string, Record<string, unknown>>;
    const { doc, shape } = normalizeRecord(raw);
    expect(shape).toBe('winlogbeat');
    const agent = doc.agent as Record<string, unknown>;
    const labels = doc.labels as Record<string, unknown>;
    expect(agent).toEqual(raw.agent);
    expect(agent).not.toBe(raw.agent);
    expect(agent.tags).not.toBe(raw.agent.tags);
    expect((agent.tags as unknown[])[1]).not.toBe((raw.agent.tags as unknown[])[1]);
    expect(Object.hasOwn(labels, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(labels)).toBe(Object.prototype);
    expect(JSON.stringify(labels)).toBe(JSON.stringify(raw.labels));
    expect(labels.nested).not.toBe(raw.labels.nested);
  });
});
