// A scan leaves its reports' near-miss counts for later and the page takes them from the stored
// events (src/worker/app/near-miss-pass.ts). The reports so completed must be exactly those the
// scan wrote when its own collectors counted: here that reference is rebuilt the old way (every
// event the scan keeps, read by ingest and counted while collecting) and compared report by
// report, over real samples and synthetic telemetry, with the built-in rules and Elastic's
// Windows EQL rules. The stored chunks go through the store's own codec, as in IndexedDB.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTelemetry } from '../../src/demo/index.ts';
import { ingestFile } from '../../src/ingest/index.ts';
import { recordKey, SeenRecords } from '../../src/ingest/record-key.ts';
import type { FieldProfile, IngestedEvent } from '../../src/ingest/types.ts';
import { importRules, isRuleFileName } from '../../src/rules/index.ts';
import {
  packChunk,
  readChunkEvents,
  unpackChunk,
  type StoredChunk,
} from '../../src/store/chunk-codec.ts';
import type { ServiceChunk } from '../../src/store/service-records.ts';
import { chunkBatch } from '../../src/worker/app/chunker.ts';
import {
  CorrelationRun,
  FileBatches,
  nearMissAfter,
  type EventBatch,
} from '../../src/worker/app/correlate.ts';
import { eqlLanguage } from '../../src/worker/app/language.ts';
import type { EventChunk, RunnableRule, StoredReport } from '../../src/worker/app/model.ts';
import {
  addCounts,
  claimedEvents,
  completeReports,
  countNearMisses,
  RULE_CHANGED,
} from '../../src/worker/app/near-miss-pass.ts';
import type { Repos } from '../../src/worker/app/repos.ts';
import type { ScanFile } from '../../src/worker/app/scan-request.ts';
import { ruleReport } from '../../src/worker/app/report.ts';
import { compileOptionsOf, runnable } from '../../src/worker/app/rule-view.ts';
import {
  builtinRunnable,
  MemorySink,
  runScan,
  scanFile,
  scanRequest,
  shared,
  sharedOrSkip,
} from './helpers.ts';

/** Chunks kept as IndexedDB keeps them: packed by the store's codec, read back unpacked. */
class StoredSink extends MemorySink {
  stored: StoredChunk[] = [];
  override async putChunk(chunk: EventChunk) {
    this.stored.push(structuredClone(packChunk(chunk as ServiceChunk)));
  }
  override async dropEvents() {
    this.dropped = true;
    this.stored = [];
  }
  *batches(files: readonly number[]): Generator<EventBatch> {
    for (const c of [...this.stored].sort((a, b) => a.chunkIndex - b.chunkIndex))
      if (files.includes(c.file)) yield chunkBatch(unpackChunk(c));
  }
}

const language = (rule: Parameters<typeof compileOptionsOf>[0]) =>
  eqlLanguage(compileOptionsOf(rule));

function windowsRules(): RunnableRule[] | null {
  const folder = sharedOrSkip('detection-rules/rules/windows');
  if (!folder) return null;
  const names = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter(isRuleFileName);
  return importRules(
    names.sort().map((n) => ({ name: n, text: readFileSync(join(folder, n), 'utf8') })),
  )
    .rules.filter((r) => r.type === 'eql')
    .map((r) => runnable({ ...r, enabled: true }, language))
    .filter((r): r is RunnableRule => r !== null);
}

/**
 * The reports as the scan made them when it counted while collecting: every event it keeps
 * (a record read twice is kept once), in read order, through a counting CorrelationRun.
 */
async function countedWhileCollecting(
  files: readonly ScanFile[],
  rules: readonly RunnableRule[],
  profile: FieldProfile | null,
): Promise<StoredReport[]> {
  const run = new CorrelationRun(rules);
  const seen = new SeenRecords();
  for (const [i, file] of files.entries()) {
    const batches = new FileBatches(i);
    await ingestFile(
      { name: file.name, size: file.size, stream: () => file.stream() },
      (events: IngestedEvent[]) => {
        const kept = events.filter((e) => seen.first(recordKey(e), i));
        if (kept.length) run.addEvents(batches.next(kept));
      },
      { keepText: true },
    );
  }
  const result = run.finish('session-1', (f) => files[f].name, eqlLanguage());
  return rules.map((rule, q) =>
    ruleReport(rule, result.outcomes[q], result.stageHosts[q], profile, result.alerts[q].length),
  );
}

/** The scan's reports, waiting, then completed from its stored events as the worker does. */
async function countedAfter(sink: StoredSink, rules: readonly RunnableRule[]) {
  const waiting = sink.reports.filter((r) => r.counting);
  const { id, files } = waiting[0].counting!;
  const got = await countNearMisses(rules, sink.batches(files));
  const counted = new Map(rules.map((rule, q) => [rule.id, { rule, counts: got!.counts[q] }]));
  return completeReports(sink.reports, id, counted, got!.events, sink.profile);
}

/** No number in a waiting report that the counts would change. */
function expectNothingCounted(reports: readonly StoredReport[]) {
  const waiting = reports.filter((r) => r.counting);
  expect(waiting.length).toBeGreaterThan(0);
  for (const r of waiting) {
    expect(r.counting!.unavailable).toBeUndefined();
    for (const s of r.stages) expect(s.conjuncts).toEqual([]);
    expect(r.nearMisses.join('\n')).not.toMatch(/never held|events in this data/);
  }
}

/** Some counts are there to compare: a rule set silent everywhere would prove little. */
function expectCounts(reports: readonly StoredReport[]) {
  const held = reports.flatMap((r) => r.stages.flatMap((s) => s.conjuncts.map((c) => c.held)));
  expect(held.some((n) => n > 0)).toBe(true);
  expect(held.some((n) => n === 0)).toBe(true);
  expect(reports.some((r) => r.nearMisses.some((l) => l.includes('never held')))).toBe(true);
}

async function scanBoth(
  paths: readonly string[],
  rules: readonly RunnableRule[],
  nearMissAfter?: boolean,
) {
  const files = await Promise.all(paths.map((p) => scanFile(p)));
  const sink = new StoredSink();
  const result = await runScan(
    scanRequest(files, sink, {
      rules: [...rules],
      ...(nearMissAfter === undefined ? {} : { nearMissAfter }),
    }),
  );
  expect(result.cancelled).toBe(false);
  expectNothingCounted(sink.reports);
  const after = await countedAfter(sink, rules);
  const reference = await countedWhileCollecting(files, rules, sink.profile);
  expect(after.length).toBe(reference.length);
  after.forEach((r, i) => expect(r, r.ruleId).toEqual(reference[i]));
  expectCounts(after);
  return after;
}

const dir = mkdtempSync(join(tmpdir(), 'sequent-near-miss-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('near-miss counts taken after the scan', () => {
  it('equal the in-scan counts on the OTRF recording with the built-in rules', async () => {
    const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    if (!otrf) return;
    const paths = [otrf, shared('samples/otrf/covenant_com_wsman_automation.ndjson')];
    const rules = builtinRunnable();
    expect(nearMissAfter(rules)).toBe(false);
    const after = await scanBoth(paths, rules, true);
    // A rule set this small is counted while collecting, by default: the same reports.
    const sink = new StoredSink();
    await runScan(scanRequest(await Promise.all(paths.map((p) => scanFile(p))), sink));
    expect(sink.reports.filter((r) => r.counting)).toEqual([]);
    expect(sink.reports).toEqual(after);
  });

  it('are not written into the report of a rule changed or removed since the scan', async () => {
    const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    if (!otrf) return;
    const rules = builtinRunnable();
    const sink = new StoredSink();
    await runScan(scanRequest([await scanFile(otrf)], sink, { rules, nearMissAfter: true }));
    const { id, files } = sink.reports.find((r) => r.counting)!.counting!;
    const got = (await countNearMisses(rules, sink.batches(files)))!;
    const [kept, changed] = rules;
    const edited = {
      ...changed,
      query: {
        ...changed.query,
        stages: changed.query.stages.map((st) => ({ ...st, text: `${st.text} and true` })),
      },
    };
    const done = completeReports(
      sink.reports,
      id,
      new Map([
        [kept.id, { rule: kept, counts: got.counts[0] }],
        [changed.id, { rule: edited, counts: got.counts[1] }],
      ]),
      got.events,
      sink.profile,
    );
    expect(done[0].counting).toBeUndefined();
    expect(done[0].stages.some((st) => st.conjuncts.length > 0)).toBe(true);
    expect(done[1].counting?.unavailable).toBe(RULE_CHANGED);
    expect(done[1].stages.flatMap((st) => st.conjuncts)).toEqual([]);
    // A count of another scan leaves the reports as they are.
    expect(completeReports(sink.reports, 'another', new Map(), got.events, null)).toEqual(
      sink.reports,
    );
  });

  it('equal them on raw .evtx samples with the Windows EQL rules', async () => {
    const rules = windowsRules();
    const evtx = sharedOrSkip('samples/evtx-attack-samples/LM_WMI_4624_4688_TargetHost.evtx');
    if (!rules || !evtx) return;
    expect(nearMissAfter(rules)).toBe(true);
    await scanBoth(
      [
        evtx,
        shared('samples/evtx-attack-samples/LM_sysmon_psexec_smb_meterpreter.evtx'),
        shared('samples/evtx-attack-samples/LM_PowershellRemoting_sysmon_1_wsmprovhost.evtx'),
      ],
      rules,
    );
  }, 120_000);

  it('equal them on synthetic telemetry with the Windows EQL rules, over two scans', async () => {
    const rules = windowsRules();
    if (!rules) return;
    const lines = (seed: string) =>
      [
        ...generateTelemetry({
          events: 2500,
          hosts: 4,
          seed,
          planted: 2,
          plantedSysmon: 1,
          plantedSecurity: 1,
          start: '2024-05-01T00:00:00Z',
        }),
      ]
        .map((d) => JSON.stringify(d))
        .join('\n') + '\n';
    const a = join(dir, 'a.ndjson');
    const b = join(dir, 'b.ndjson');
    writeFileSync(a, lines('near-miss-a'));
    writeFileSync(b, lines('near-miss-b'));
    await scanBoth([a], rules);

    // A second scan into the same session counts the earlier file's stored events too.
    const sink = new StoredSink();
    await runScan(scanRequest([await scanFile(a)], sink, { rules }));
    const first = sink.stored.slice();
    await runScan(
      scanRequest([await scanFile(b)], sink, {
        rules,
        prior: {
          fileNames: ['a.ndjson'],
          profiles: sink.profile ? [sink.profile] : [],
          events: async function* () {
            for (const c of first) yield chunkBatch(unpackChunk(c));
          },
        },
      }),
    );
    expect(sink.reports.find((r) => r.counting)?.counting?.files).toEqual([0, 1]);
    expectNothingCounted(sink.reports);
    const after = await countedAfter(sink, rules);
    const both = await Promise.all([a, b].map((p) => scanFile(p)));
    const reference = await countedWhileCollecting(both, rules, sink.profile);
    after.forEach((r, i) => expect(r, r.ruleId).toEqual(reference[i]));
    expectCounts(after);
  }, 180_000);

  it('equal them when two workers count the chunks between them, each taking the next', async () => {
    const rules = windowsRules();
    if (!rules) return;
    const path = join(dir, 'shared.ndjson');
    writeFileSync(
      path,
      [
        ...generateTelemetry({
          events: 9000,
          hosts: 4,
          seed: 'near-miss-shared',
          planted: 2,
          plantedSysmon: 1,
          plantedSecurity: 1,
          start: '2024-05-01T00:00:00Z',
        }),
      ]
        .map((d) => JSON.stringify(d))
        .join('\n') + '\n',
    );
    const files = [await scanFile(path)];
    const sink = new StoredSink();
    await runScan(scanRequest(files, sink, { rules }));
    const { id } = sink.reports.find((r) => r.counting)!.counting!;
    // The store's chunks as IndexedDB hands them back, by number.
    const byNumber = new Map(sink.stored.map((c) => [c.chunkIndex, c]));
    expect(byNumber.size).toBeGreaterThan(3);
    const repos = {
      events: { chunkEvents: async (_: string, n: number) => readChunkEvents(byNumber.get(n)!) },
    } as unknown as Repos;
    const numbers = [...byNumber.keys()].sort((a, b) => a - b);
    let next = 0;
    const taken: number[][] = [[], []];
    // The second worker's claims come back late, as a busy worker's answers do.
    const claim = (w: number) => async () => {
      if (w === 1) await new Promise((r) => setTimeout(r, 5));
      const n = next < numbers.length ? numbers[next++] : -1;
      if (n >= 0) taken[w].push(n);
      return n;
    };
    const [one, two] = await Promise.all(
      [0, 1].map((w) => countNearMisses(rules, claimedEvents(repos, 'session-1', claim(w)))),
    );
    expect(taken.every((t) => t.length > 0)).toBe(true);
    expect([...taken[0], ...taken[1]].sort((a, b) => a - b)).toEqual(numbers);
    const got = addCounts(one!, two!);
    const counted = new Map(rules.map((rule, q) => [rule.id, { rule, counts: got.counts[q] }]));
    const after = completeReports(sink.reports, id, counted, got.events, sink.profile);
    const reference = await countedWhileCollecting(files, rules, sink.profile);
    after.forEach((r, i) => expect(r, r.ruleId).toEqual(reference[i]));
    expectCounts(after);
  }, 180_000);
});
