// Where normalization's time goes, stage by stage, in memory: `npx tsx bench/normalize-stages.ts
// FILE… [--runs N] [--only TEXT]`. Each NDJSON file's lines are decoded once, then every stage
// runs over all records N times (best CPU kept, the machine is shared): the line decode, plain
// JSON.parse (the floor's parse), parseJsonExact (what ingest reads with), shape detection,
// reading the WinEvent, normalizeRecord and the diagnostics (field profile included). Times are
// also shown as a multiple of JSON.parse. bench/normalize.ts gives the whole-file figures.
// The `ref:` stages are no part of ingest: what touching every field once costs in this engine
// (reading each, copying each into a fresh object, finding the unsafe integers), a lower bound
// for any pass over the records that a faster reader, mapper or profile would still make.
import { readFileSync } from 'node:fs';
import { parseJsonExact, quoteUnsafeIntegers } from '../src/case/json-text.ts';
import { DiagnosticsCollector } from '../src/ingest/diagnostics.ts';
import { normalizeRecord } from '../src/ingest/normalize.ts';
import { detectShape, toWinEvent } from '../src/ingest/shapes.ts';

const args = process.argv.slice(2);
const take = (flag: string): string | undefined => {
  const i = args.indexOf(flag);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const runs = Number(take('--runs') ?? 15);
const only = take('--only');

function cpu(fn: () => void): number {
  const c0 = process.cpuUsage();
  fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

for (const path of args) {
  const bytes = readFileSync(path);
  const decoder = new TextDecoder();
  const bounds: Array<[number, number]> = [];
  for (let s = 0, nl = bytes.indexOf(10); nl >= 0; s = nl + 1, nl = bytes.indexOf(10, s))
    if (nl > s) bounds.push([s, nl]);
  const lines = bounds.map(([s, e]) => decoder.decode(bytes.subarray(s, e)));
  const raws = lines.map((l) => parseJsonExact(l));
  const shapes = raws.map((r) => detectShape(r));
  const docs = raws.map((r, i) => normalizeRecord(r, shapes[i]));
  // Leaves read, counted so the reads are used (and the fields per record can be shown).
  let leaves = 0;
  const readAll = (o: Record<string, unknown>): void => {
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'object' && v !== null && !Array.isArray(v))
        readAll(v as Record<string, unknown>);
      else if (v !== undefined) leaves++;
    }
  };
  const fieldsPer = (objs: readonly Record<string, unknown>[]): string => {
    leaves = 0;
    for (const o of objs) readAll(o);
    return (leaves / Math.max(1, objs.length)).toFixed(0);
  };
  const shape = `${fieldsPer(raws as Record<string, unknown>[])} fields a record, ${fieldsPer(docs.map((n) => n.doc))} an ECS document`;
  const stages: Record<string, () => void> = {
    'decode lines': () => {
      for (const [s, e] of bounds) decoder.decode(bytes.subarray(s, e));
    },
    'JSON.parse': () => {
      for (const l of lines) JSON.parse(l);
    },
    parseJsonExact: () => {
      for (const l of lines) parseJsonExact(l);
    },
    detectShape: () => {
      for (const r of raws) detectShape(r);
    },
    toWinEvent: () => {
      for (let i = 0; i < raws.length; i++) toWinEvent(raws[i], shapes[i]);
    },
    normalizeRecord: () => {
      for (let i = 0; i < raws.length; i++) normalizeRecord(raws[i], shapes[i]);
    },
    'diagnostics (normalized)': () => {
      const d = new DiagnosticsCollector(path);
      for (const n of docs) {
        const [ch, id] = n.win
          ? [n.win.channel, n.win.eventId === null ? '' : String(n.win.eventId)]
          : DiagnosticsCollector.keyOf(n.doc);
        d.event(n.doc, n.shape, n.mapped, ch, id, n.ts, n.win?.computer);
      }
    },
    'ref: read every field': () => {
      for (const r of raws) readAll(r as Record<string, unknown>);
    },
    'ref: read every ECS field': () => {
      for (const n of docs) readAll(n.doc);
    },
    'ref: copy ({...record})': () => {
      for (const r of raws) leaves += Object.keys({ ...(r as object) }).length;
    },
    'ref: unsafe integers found': () => {
      for (const l of lines) leaves += quoteUnsafeIntegers(l, true).length;
    },
    'diagnostics (unmapped)': () => {
      const d = new DiagnosticsCollector(path);
      for (let i = 0; i < raws.length; i++) {
        const doc = raws[i] as Record<string, unknown>;
        const [ch, id] = DiagnosticsCollector.keyOf(doc);
        d.event(doc, shapes[i], false, ch, id);
      }
    },
  };
  const best: Record<string, number> = {};
  for (let r = 0; r < runs; r++)
    for (const [name, fn] of Object.entries(stages))
      if (!only || name.includes(only) || name === 'JSON.parse')
        best[name] = Math.min(best[name] ?? Infinity, cpu(fn));
  console.log(`${path} (${lines.length.toLocaleString('en')} records; ${shape})`);
  const parse = best['JSON.parse'];
  for (const [name, ms] of Object.entries(best))
    console.log(
      `  ${name.padEnd(26)} ${ms.toFixed(2).padStart(8)} ms ${(ms / parse).toFixed(2).padStart(6)}× JSON.parse`,
    );
}
