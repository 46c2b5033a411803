// IngestedEvent.text: the record's own text, kept so storage can write it instead of the
// parsed object. It must parse back to exactly the raw record, or be absent.
import { parseJsonExact } from '../../src/case/json-text.ts';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture, ingestBytes, ingestPath } from './helpers.ts';

const jsonFixtures = readdirSync(fixture('')).filter((f) => /\.(ndjson|jsonl?|json)$/.test(f));

describe('record text beside the raw record', () => {
  it.each(jsonFixtures)(
    '%s: every record keeps its text, which parses to the raw record',
    async (name) => {
      const { events } = await ingestPath(fixture(name), { keepText: true });
      expect(events.length).toBeGreaterThan(0);
      for (const e of events) {
        expect(typeof e.text).toBe('string');
        expect(parseJsonExact(e.text!)).toEqual(e.raw);
      }
    },
  );

  it('hits of a search response are records without a text of their own', async () => {
    const response = {
      took: 3,
      hits: {
        hits: [
          { _source: { '@timestamp': '2026-01-15T10:00:00Z', event: { code: '1' } } },
          { _source: { '@timestamp': '2026-01-15T10:00:01Z', event: { code: '3' } } },
        ],
      },
    };
    const { events } = await ingestBytes(
      'search.json',
      new TextEncoder().encode(JSON.stringify(response)),
      undefined,
      { keepText: true },
    );
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.text === undefined)).toBe(true);
  });

  it('Event XML records are text already and carry no second copy', async () => {
    const { events } = await ingestPath(fixture('event.xml'), { keepText: true });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.text === undefined && typeof e.raw === 'string')).toBe(true);
  });

  it('without keepText no text is kept (the CLI does not store records)', async () => {
    const { events } = await ingestPath(fixture('evtx_dump.jsonl'));
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.text === undefined)).toBe(true);
  });
});
