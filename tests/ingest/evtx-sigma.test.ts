// SigmaHQ's regression data: for 192 rules a real .evtx and the evtx_dump JSON of the same
// file. The records our reader gets from each .evtx equal what the evtx_dump reader gets from
// its JSON, up to evtx_dump's own renderings: GUIDs without braces (Windows writes
// `{…}`), and text values trimmed of trailing spaces (Sysmon's `"…cmd.exe" ` keeps its
// space in the event; evtx_dump drops it). Sysmon placeholders (`-`, empty) the evtx_dump
// reader leaves out are left out here too.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromEventNode, toWinEvent } from '../../src/ingest/shapes.ts';
import { RecordSplitter } from '../../src/ingest/splitter.ts';
import type { WinEvent } from '../../src/ingest/winevent.ts';
import { haveShared, shared } from './helpers.ts';
import { readFile } from './evtx/read.ts';

const ROOT = 'sigma/regression_data/rules/windows';

// Where the JSON does not come from the .evtx beside it. The .evtx of the right-to-left
// override test holds `C:\Windows\Explorer.EXE` (UTF-16 in the file, e.g. `strings -el`);
// its JSON says `Explorer.exe`, edited or dumped from another capture.
const JSON_DIFFERS: Record<string, string[]> = {
  'ad691d92-15f2-4181-9aa4-723c74f9ddc3.evtx': [
    'record 0: data.ParentCommandLine: "C:\\\\Windows\\\\Explorer.EXE" vs "C:\\\\Windows\\\\Explorer.exe"',
  ],
};

const PLACEHOLDER = new Set(['', '-', '{00000000-0000-0000-0000-000000000000}']);
const SYSTEM: Array<keyof WinEvent> = [
  'channel',
  'provider',
  'eventId',
  'computer',
  'recordId',
  'time',
  'processId',
  'threadId',
  'userId',
  'version',
  'level',
  'task',
  'opcode',
  'keywords',
];

function differences(ours: WinEvent, dump: WinEvent): string[] {
  const out: string[] = [];
  for (const k of SYSTEM)
    if (ours[k] !== dump[k])
      out.push(`${k}: ${JSON.stringify(ours[k])} vs ${JSON.stringify(dump[k])}`);
  const names = new Set([...Object.keys(ours.data), ...Object.keys(dump.data)]);
  for (const k of names) {
    const a = ours.data[k];
    const b = dump.data[k];
    if (a === b) continue;
    if (b === undefined && dump.placeholdersDropped && PLACEHOLDER.has(a)) continue;
    if (a !== undefined && b !== undefined && (a === `{${b}}` || a.trimEnd() === b)) continue;
    out.push(`data.${k}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return out;
}

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) =>
    statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)],
  );

function dumpRecords(path: string): WinEvent[] {
  const out: WinEvent[] = [];
  const splitter = new RecordSplitter(
    (r) => out.push(toWinEvent(JSON.parse(r.text), 'evtx_dump')!),
    (e) => {
      throw new Error(`${path}:${e.line}: ${e.message}`);
    },
  );
  splitter.push(readFileSync(path));
  splitter.end();
  return out;
}

describe.runIf(haveShared(ROOT))(
  'Sigma regression .evtx files against their evtx_dump JSON',
  () => {
    it('all 192: same records, same values', { timeout: 60_000 }, async () => {
      const files = walk(shared(ROOT)).filter((f) => f.endsWith('.evtx'));
      expect(files.length).toBe(192);
      const found: Record<string, string[]> = {};
      let records = 0;
      for (const file of files) {
        const { records: ours, problems } = await readFile(file);
        const dump = dumpRecords(file.replace(/\.evtx$/, '.json'));
        const diffs = problems.map((p) => `problem: ${p.message}`);
        if (ours.length !== dump.length) diffs.push(`records: ${ours.length} vs ${dump.length}`);
        for (let i = 0; i < Math.min(ours.length, dump.length); i++)
          for (const d of differences(fromEventNode(ours[i].event), dump[i]))
            diffs.push(`record ${i}: ${d}`);
        records += ours.length;
        if (diffs.length) found[file.slice(file.lastIndexOf('/') + 1)] = diffs;
      }
      expect(found).toEqual(JSON_DIFFERS);
      expect(records).toBeGreaterThanOrEqual(192);
    });
  },
);
