// `sequent scan`: run an EQL query or rules over log files, streaming. Every file is read
// once through ingest into one Collector; only stage candidates are kept, then the
// Correlator orders them across all files and prints one JSON result per line.
import { availableParallelism } from 'node:os';
import {
  Correlator,
  eventRefs,
  resolveEvents,
  type PlanStats,
  type QueryOutcome,
} from '../engine/index.ts';
import { releaseSyntax } from '../eql/index.ts';
import { aggregateOutcome } from '../engine/aggregate.ts';
import { mergeProfiles, type FieldProfile, type FileDiagnostics } from '../ingest/index.ts';
import type { Rule } from '../rules/index.ts';
import { collectHere } from './scan-collect.ts';
import { distinctFiles, inputFiles, type InputFile } from './input-files.ts';
import {
  explainQuery,
  nearMissConjuncts,
  silentHint,
  StageHosts,
  unknownFieldHint,
} from './scan-explain.ts';
import { parseArgs, USAGE, UsageError, type Options } from './scan-options.ts';
import { describe, loadRules, plan, type Planned } from './scan-plan.ts';
import {
  afterWorkersStart,
  limitHeapGrowth,
  workerYoungGeneration,
  youngGenerationCap,
} from './heap-growth.ts';
import { readBack, refKey } from './scan-read-back.ts';
import { autoThreads } from './scan-auto-threads.ts';
import { Gathering, runUnits, workUnits } from './scan-threads.ts';
import type { WorkerJob } from './scan-worker.ts';

function printOutcome(outcome: QueryOutcome, p: Planned, o: Options): void {
  const rule = p.rule
    ? { id: p.rule.id, name: p.rule.name, severity: p.rule.severity, risk_score: p.rule.risk_score }
    : null;
  const out: string[] = [];
  for (const r of outcome.results) out.push(JSON.stringify(rule ? { ...r, rule } : r));
  if (out.length) process.stdout.write(out.join('\n') + '\n');
  const who = p.rule ? `rule "${p.rule.name}" (${p.rule.id})` : 'query';
  if (outcome.error) process.stderr.write(`sequent scan: ${outcome.error}\n`);
  if (outcome.more > 0) {
    const cap =
      p.rule && o.size === undefined ? `max_signals=${p.spec.size}` : `--size ${p.spec.size}`;
    process.stderr.write(
      `sequent scan: ${who}: ${outcome.more} more result(s) found beyond ${cap}; --all prints them\n`,
    );
  }
}

/** The rule-set plan's figures for --stats: stages tried per event, mean and worst. */
function planSummary(p: PlanStats) {
  return {
    stages: p.stages,
    dispatched: p.dispatched,
    sharedConjuncts: p.sharedConjuncts,
    stagesPerEvent: {
      mean: Number((p.evaluated / Math.max(p.events, 1)).toFixed(2)),
      worst: p.worst,
    },
  };
}

// --explain follows every event in this thread (hosts per stage). Without --threads the
// count is chosen once the rules and the input are known (autoThreads).
const mayUseThreads = (o: Options) => !o.explain && (o.threads ?? 2) > 1;

/**
 * The rules compiled for this thread and, for worker threads, the job they compile their own
 * copy from. Only this function and the job hold the rules: `planned` keeps their labels, so
 * a single-thread scan does not carry them (~9 MiB for Elastic's 954 EQL rules) to its end.
 * A number: the exit code, the reason said.
 */
async function prepare(
  o: Options,
): Promise<{ planned: Planned[]; failed: number; job: WorkerJob | null } | number> {
  let rules: Rule[] | null = null;
  if (o.rules !== undefined) {
    try {
      rules = await loadRules(o.rules);
    } catch (e) {
      process.stderr.write(`sequent scan: cannot read rules from ${o.rules}: ${describe(e)}\n`);
      return 1;
    }
  }
  const { planned, failed } = plan(o, rules);
  if (planned.length === 0) {
    if (failed === 0) process.stderr.write('sequent scan: no rule to run\n');
    return 1;
  }
  return { planned, failed, job: mayUseThreads(o) ? { options: o, rules } : null };
}

/** The job, which its holder then no longer holds. */
function takeJob(held: { job: WorkerJob | null }): WorkerJob {
  const { job } = held;
  if (!job) throw new Error('scan: no job for the worker threads');
  held.job = null;
  return job;
}

const HEAP_GROWTH_PERCENT = 100;
/** MiB per semi-space, 8 MiB of young generation in all (V8's own limit: 16 and 32). */
const SEMI_SPACE_MIB = 4;
/**
 * A worker thread's: half V8's own limit. While a worker held a unit's candidates as objects
 * and read 256 KiB at a time, smaller semi-spaces promoted them and cost 13–25% more CPU; it
 * now packs them every batch and reads 64 KiB (scan-collect.ts), so little survives a
 * scavenge (bench/README.md, issue 13). 4 MiB still promoted ~35 MB every 2 s.
 */
const WORKER_SEMI_SPACE_MIB = 8;
/**
 * While worker threads collect: three heaps (two workers and this thread), each one's old
 * generation growing by this much of what survived its last full collection. With little
 * promoted, 50% took 40–100 MiB off the peak of `--threads 2` for ~1.5 s more of full
 * collections over 1M events (bench/README.md, issue 13). The end of the scan, in this
 * thread alone, is back at HEAP_GROWTH_PERCENT.
 */
const THREADS_HEAP_GROWTH_PERCENT = 50;

export async function run(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`sequent scan: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  limitHeapGrowth(HEAP_GROWTH_PERCENT);
  // With --threads, afterBatch is not called: this thread only gathers the workers' batches
  // and is held where it is once they have started (afterWorkersStart); workers have their
  // own limit (workerYoungGeneration).
  const afterBatch = youngGenerationCap(SEMI_SPACE_MIB);
  // `scan … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const started = performance.now();
  const prepared = await prepare(o);
  if (typeof prepared === 'number') return prepared;
  const { planned, failed } = prepared;
  // Near-miss counting costs one evaluation per conjunct per event of the stage's category.
  if (o.explain)
    for (const p of planned) p.spec = { ...p.spec, nearMiss: nearMissConjuncts(p.spec.query) };
  const specs = planned.map((p) => p.spec);
  const stageHosts = o.explain ? new StageHosts(specs.map((s) => s.query)) : null;
  const correlator = new Correlator(specs);
  let files: InputFile[];
  try {
    const distinct = distinctFiles(inputFiles(o.files));
    for (const twin of distinct.skipped)
      process.stderr.write(
        `sequent scan: ${twin.path}: the same bytes as ${twin.of}: skipped, so its events count once\n`,
      );
    files = distinct.files;
  } catch (e) {
    const path = (e as { path?: string }).path ?? '';
    process.stderr.write(`sequent scan: cannot read ${path}: ${describe(e)}\n`);
    return 1;
  }
  const bytes = files.reduce((n, f) => n + f.size, 0);
  // A single small file is read in this thread too.
  const units = prepared.job ? workUnits(files, o.chunkSize ?? 32 << 20) : [];
  const threads = !prepared.job
    ? 1
    : (o.threads ??
      autoThreads({
        queries: planned.length,
        bytes,
        units: units.length,
        cores: availableParallelism(),
      }));
  // One thread after all: nothing here holds the rules any more (see prepare).
  if (threads <= 1) prepared.job = null;
  let diagnostics: FileDiagnostics[];
  let planStats: PlanStats | null;
  let duplicates: readonly number[];
  if (prepared.job && units.length > 1) {
    // The workers collect; here nothing plans or explains (--explain runs in this thread):
    // the rules' syntax trees (~10 MiB for Elastic's 954 EQL rules) can go.
    for (const spec of specs) releaseSyntax(spec.query);
    const gathering = new Gathering(units, correlator);
    await runUnits(
      units,
      threads,
      // The rules go to the workers as they start; past that, nothing here holds them.
      takeJob(prepared),
      (r) => gathering.add(r),
      workerYoungGeneration(WORKER_SEMI_SPACE_MIB),
      // Starting the workers set V8's flags back to their defaults; they have now grown.
      () => afterWorkersStart(THREADS_HEAP_GROWTH_PERCENT),
    );
    // The workers are gone: the correlator's matching, alone, grows as in one thread.
    limitHeapGrowth(HEAP_GROWTH_PERCENT);
    ({ diagnostics, plan: planStats } = gathering.finish(files.length));
    duplicates = gathering.duplicates;
    diagnostics.forEach((diag, file) => {
      if (diag.notEventLog)
        process.stderr.write(
          `sequent scan: ${files[file].path}: not an event log (${diag.notEventLog})\n`,
        );
      for (const err of diag.errors)
        process.stderr.write(`sequent scan: ${files[file].path}:${err.line}: ${err.message}\n`);
    });
  } else {
    ({
      diagnostics,
      plan: planStats,
      duplicates,
    } = await collectHere(
      files,
      specs,
      o.categoryField ?? 'event.category',
      correlator,
      stageHosts,
      afterBatch,
      // Once planned, only --explain revisits the syntax.
      !o.explain,
    ));
  }
  duplicates.forEach((n, file) => {
    if (n > 0)
      process.stderr.write(
        `sequent scan: ${files[file].path}: of the events rules match, ${n} were read already ` +
          `(the same record in an earlier file, or earlier in this one): each counted once\n`,
      );
  });
  const found = correlator.finish();
  const paths = files.map((f) => f.path);
  const docs = await readBack(paths, diagnostics, eventRefs(found));
  const resolved = resolveEvents(found, (ref) => docs.get(refKey(ref)));
  const summary = {
    ...resolved,
    outcomes: resolved.outcomes.map((outcome, i) => {
      const a = planned[i].aggregation;
      return a ? aggregateOutcome(outcome, a.how, planned[i].spec.query, a.size) : outcome;
    }),
  };
  // Never silent about events that cannot be placed in time: how many, and how many of
  // them a query wanted (those are the ones missing from results).
  diagnostics.forEach((d, file) => {
    const matched = summary.untimedByFile[file] ?? 0;
    if (d.withoutTimestamp === 0 && matched === 0) return;
    process.stderr.write(
      `sequent scan: ${paths[file]}: ${Math.max(d.withoutTimestamp, matched)} event(s) without a usable timestamp; ` +
        `${matched} of them matched a query and could not be ordered\n`,
    );
  });
  summary.outcomes.forEach((outcome, i) => printOutcome(outcome, planned[i], o));
  let merged: FieldProfile | null = null;
  const allFields = () => (merged ??= mergeProfiles(diagnostics.map((d) => d.fields)));
  const profile = o.explain ? allFields() : null;
  summary.outcomes.forEach((outcome, i) => {
    const p = planned[i];
    const label = p.rule ? `${p.rule.name} (${p.rule.id})` : 'query';
    if (profile)
      process.stderr.write(
        explainQuery({
          label,
          outcome,
          spec: p.spec,
          profile,
          ...(stageHosts ? { hosts: (stage: number) => stageHosts.hosts(i, stage) } : {}),
        }),
      );
    else if (outcome.total === 0 && !outcome.error) {
      const hint =
        unknownFieldHint(label, p.spec, allFields()) ?? silentHint(label, outcome, p.spec);
      process.stderr.write(`sequent scan: ${hint}\n`);
    }
  });
  if (o.stats) {
    const seconds = (performance.now() - started) / 1000;
    const stats = {
      events: summary.events,
      bytes,
      seconds: Number(seconds.toFixed(3)),
      eventsPerSecond: Math.round(summary.events / Math.max(seconds, 1e-9)),
      threads,
      duplicates: duplicates.reduce((a, b) => a + (b ?? 0), 0),
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      ...(planStats ? { plan: planSummary(planStats) } : {}),
    };
    process.stderr.write(JSON.stringify(stats) + '\n');
  }
  return failed > 0 || summary.outcomes.some((x) => x.error) ? 1 : 0;
}

export { runScanWorker } from './scan-worker.ts';
// The worker threads compile their rules as this thread does.
export { plan, type Options };
