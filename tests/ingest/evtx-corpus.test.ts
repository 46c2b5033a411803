// Every .evtx of EVTX-ATTACK-SAMPLES read by our reader equals python-evtx's XML of it:
// record count, record ids, every System value and every EventData/UserData value
// (python-evtx's own faults undone, see evtx/python-evtx.ts). python-evtx rendered all 277
// files here; none of them holds a damaged chunk, and our reader reports no problem on any.
// Record ids are the System's EventRecordID (compared with the other System values): these
// files were exported ("Save Filtered Log File As"), which renumbers the record headers from 1
// while each event keeps the EventRecordID it had in the live log.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromEventNode } from '../../src/ingest/shapes.ts';
import { haveShared, shared } from './helpers.ts';
import { differences, eventElements, pythonEvent } from './evtx/python-evtx.ts';
import { readFile } from './evtx/read.ts';

const EVTX = 'evtx-corpus/evtx';
const XML = 'evtx-corpus/python-evtx-xml';

describe.runIf(haveShared(EVTX))('the EVTX-ATTACK-SAMPLES corpus against python-evtx', () => {
  it('all 277 files: same records, ids and values', { timeout: 120_000 }, async () => {
    const files = readdirSync(shared(EVTX)).filter((f) => f.endsWith('.evtx'));
    expect(files.length).toBe(277);
    const unequal: Array<{ file: string; diffs: string[] }> = [];
    let records = 0;
    let expected = 0;
    for (const file of files) {
      const { records: ours, problems } = await readFile(shared(`${EVTX}/${file}`));
      const theirs = eventElements(readFileSync(shared(`${XML}/${file}.xml`), 'utf8'));
      const diffs = problems.map((p) => `problem: ${p.message}`);
      if (ours.length !== theirs.length) diffs.push(`records: ${ours.length} vs ${theirs.length}`);
      for (let i = 0; i < Math.min(ours.length, theirs.length) && diffs.length < 5; i++) {
        const a = fromEventNode(ours[i].event);
        const b = pythonEvent(theirs[i]);
        for (const d of differences(a, b)) diffs.push(`record ${i}: ${d}`);
      }
      records += ours.length;
      expected += theirs.length;
      if (diffs.length) unequal.push({ file, diffs });
    }
    expect(unequal).toEqual([]);
    expect(records).toBe(expected);
    expect(records).toBeGreaterThan(8000);
  });
});
