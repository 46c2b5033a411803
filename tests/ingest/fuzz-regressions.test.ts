// Inputs `npm run fuzz` (tests/fuzz) found a reader failing on, each kept as it was shrunk:
// the reader must report or pass the record on, never crash on it.
import { describe, expect, it } from 'vitest';
import { ingestBytes } from './helpers.ts';

const CRASH = /Cannot read prop|is not a function|is not iterable|undefined/;

async function ingestText(text: string, chunks = [65536]) {
  const out = await ingestBytes('fuzz.json', new TextEncoder().encode(text), chunks, {
    maxErrors: 50,
  });
  for (const e of out.diag.errors) expect(e.message).not.toMatch(CRASH);
  expect(out.events.length).toBe(out.diag.records.mapped + out.diag.records.passedThrough);
  return out;
}

describe('fuzz regressions', () => {
  it('an empty `Event` beside a top-level evtx_dump `System` reads the top-level one', async () => {
    // seed 884026166: {"Event":{},"System":{"EventID":""}} crashed reading Event.System.Provider.
    const { events, diag } = await ingestText('{"Event":{},"System":{"EventID":""}}');
    expect(diag.errors).toEqual([]);
    expect(events).toHaveLength(1);
    const { events: read } = await ingestText(
      '{"Event":{},"System":{"EventID":4624,"Channel":"Security","Computer":"ws1"}}',
    );
    expect(read[0].doc).toMatchObject({ event: { code: '4624' }, host: { name: 'ws1' } });
  });

  it('the same beside UserData, read in 8-byte pieces', async () => {
    // UTF-8/UTF-16 property, 36,937th case: {"System":{},"UserData":[],"Event":{}} crashed alike.
    const { events, diag } = await ingestText('{"System":{},"UserData":[],"Event":{}}', [8]);
    expect(diag.errors).toEqual([]);
    expect(events).toHaveLength(1);
  });
});
