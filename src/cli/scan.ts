// `sequent scan`: run an EQL query or rules over log files, streaming. Every file is read
// once through ingest into one Collector; only stage candidates are kept, then the
// Correlator orders them across all files and prints one JSON result per line.
import { statSync } from 'node:fs';
import { gather, runUnits, workUnits } from './scan-threads.ts';
import type { WorkerJob } from './scan-worker.ts';
import { readChunks } from './read-file.ts';
import { basename, join } from 'node:path';
import {
  Collector,
  Correlator,
  eventRefs,
  resolveEvents,
  type EventRef,
  type PlanStats,
  type QueryOutcome,
  type QuerySpec,
} from '../engine/index.ts';
import type { CompileOptions, Doc } from '../eql/compiled.ts';
import { compile, EqlError } from '../eql/index.ts';
import { aggregateOutcome, type Aggregation } from '../engine/aggregate.ts';
import { KqlError } from '../kql/index.ts';
import {
  ingestFile,
  mergeProfiles,
  normalizeRecord,
  type FieldProfile,
  type FileDiagnostics,
} from '../ingest/index.ts';
import {
  builtinRules,
  compileRule,
  importRules,
  runPlan,
  importRulesFromZip,
  isRuleFileName,
  type ImportReport,
  ruleMaxSamplesPerKey,
  type Rule,
} from '../rules/index.ts';
import { open, readdir, readFile } from 'node:fs/promises';
import {
  explainQuery,
  nearMissConjuncts,
  silentHint,
  StageHosts,
  unknownFieldHint,
} from './scan-explain.ts';

const USAGE = `usage: sequent scan [--query EQL | --rules PATH|builtin] [options] FILE…

  --query EQL               run one EQL query
  --rules PATH|builtin      run rules (TOML/NDJSON/Sigma YAML file or folder, or built-in)
  --category-field F        event category field (default event.category)
  --timestamp-field F       event time field (default @timestamp)
  --tiebreaker-field F      second sort field when timestamps tie
  --size N                  results per query (default 10 for --query, max_signals for rules)
  --all                     lift every cap (size and max_signals): print everything found
  --max-samples-per-key N   samples per join key for sample queries (default: the rule's
                            max_samples_per_key, else 1)
  --budget N                candidate events one query may hold before it is stopped
                            (default 500000; the other queries finish)
  --explain                 say on stderr why each query did or did not fire: per stage
                            matches, near misses per condition part, rejected sequences,
                            values the data never has (costs extra predicate evaluations)
  --stats                   print {events, bytes, seconds, eventsPerSecond, peakRssBytes, plan}
                            on stderr (plan: stages tried per event, mean and worst)
  --threads N               worker threads collecting over files and ranges of large NDJSON
                            and .evtx files (default 1: this thread; each thread holds its own
                            rules and candidates, so memory grows with N)
  --chunk-size BYTES        range size large NDJSON and .evtx files are split into (default
                            32 MiB; .evtx ranges are whole 64 KiB chunks)

A query with no result gets a one-line hint on stderr.
Prints one JSON result per line: {"events": [e]} for an event query,
{"join_keys": […], "events": […]} for a sequence or sample, plus "rule" for rule results.
`;

export interface Options {
  query?: string;
  rules?: string;
  categoryField?: string;
  timestampField?: string;
  tiebreakerField?: string;
  size?: number;
  all: boolean;
  maxSamplesPerKey?: number;
  budget?: number;
  threads?: number;
  chunkSize?: number;
  stats: boolean;
  explain: boolean;
  files: string[];
}

class UsageError extends Error {}

const VALUED = new Map<string, keyof Options>([
  ['--query', 'query'],
  ['--rules', 'rules'],
  ['--category-field', 'categoryField'],
  ['--timestamp-field', 'timestampField'],
  ['--tiebreaker-field', 'tiebreakerField'],
  ['--size', 'size'],
  ['--max-samples-per-key', 'maxSamplesPerKey'],
  ['--budget', 'budget'],
  ['--threads', 'threads'],
  ['--chunk-size', 'chunkSize'],
]);

function parseArgs(argv: string[]): Options {
  const o: Options = { all: false, stats: false, explain: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUED.get(flag);
    if (key) {
      const value = eq > 0 && flag !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      if (
        key === 'size' ||
        key === 'maxSamplesPerKey' ||
        key === 'budget' ||
        key === 'threads' ||
        key === 'chunkSize'
      ) {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || (n === 0 && key === 'maxSamplesPerKey'))
          throw new UsageError(`${flag} takes a whole number, not '${value}'`);
        o[key] = n;
      } else {
        (o as unknown as Record<string, string>)[key] = value;
      }
    } else if (arg === '--stats') o.stats = true;
    else if (arg === '--explain') o.explain = true;
    else if (arg === '--all') o.all = true;
    else if (arg === '--') {
      o.files.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else o.files.push(arg);
  }
  if ((o.query === undefined) === (o.rules === undefined))
    throw new UsageError('give exactly one of --query or --rules');
  if (o.files.length === 0) throw new UsageError('no FILE to scan');
  return o;
}

interface Planned {
  spec: QuerySpec;
  rule: Rule | null;
  /** Threshold / new terms: the query's matches become alerts through this, cut to `size`. */
  aggregation?: { how: Aggregation; size: number };
}

async function loadRules(source: string): Promise<Rule[]> {
  if (source === 'builtin') return builtinRules();
  let report: ImportReport;
  if (source.toLowerCase().endsWith('.zip')) {
    report = importRulesFromZip(new Uint8Array(await readFile(source)));
  } else if (statSync(source).isDirectory()) {
    const names = (await readdir(source, { recursive: true }))
      .filter((n) => isRuleFileName(n))
      .sort();
    const files = await Promise.all(
      names.map(async (n) => ({
        name: join(source, n),
        text: await readFile(join(source, n), 'utf8'),
      })),
    );
    report = importRules(files);
  } else {
    report = importRules([{ name: source, text: await readFile(source, 'utf8') }]);
  }
  for (const e of report.errors)
    process.stderr.write(`sequent scan: ${e.file}:${e.line}: ${e.message}\n`);
  for (const u of report.unsupported)
    process.stderr.write(
      `sequent scan: ${u.file}:${u.line}: rule "${u.name}" (${u.type}) cannot run here: ${u.reason}\n`,
    );
  return report.rules;
}

function describe(e: unknown): string {
  // The language's errors carry line, column and a caret excerpt: show all of it.
  if (e instanceof EqlError || e instanceof KqlError) return e.format();
  if (e && typeof e === 'object' && 'message' in e)
    return String((e as { message: unknown }).message);
  return String(e);
}

const toStderr = (message: string) => void process.stderr.write(message);

export function plan(
  o: Options,
  rules: Rule[] | null,
  warn: (message: string) => void = toStderr,
): { planned: Planned[]; failed: number } {
  const base: CompileOptions = {
    categoryField: o.categoryField ?? 'event.category',
    timestampField: o.timestampField ?? '@timestamp',
    ...(o.tiebreakerField ? { tiebreakerField: o.tiebreakerField } : {}),
  };
  const planned: Planned[] = [];
  let failed = 0;
  const sizeFor = (fallback: number) => (o.all ? Infinity : (o.size ?? fallback));
  if (rules === null) {
    try {
      const query = compile(o.query!, base);
      planned.push({
        spec: {
          id: 'query',
          query,
          size: sizeFor(10),
          maxSamplesPerKey: o.maxSamplesPerKey ?? 1,
          ...(o.budget !== undefined ? { budget: o.budget } : {}),
        },
        rule: null,
      });
    } catch (e) {
      warn(`sequent scan: --query: ${describe(e)}\n`);
      failed++;
    }
    return { planned, failed };
  }
  for (const rule of rules) {
    if (!runPlan(rule).runnable) continue;
    if (rule.enabled === false) {
      // Kibana would not run it either; say so rather than drop it unseen.
      warn(`sequent scan: rule "${rule.name}" (${rule.id}) is disabled: skipped\n`);
      continue;
    }
    try {
      // A rule's own overrides win, as they do in Kibana; the CLI flags fill the rest.
      const { query, aggregation } = compileRule(rule, {
        categoryField: rule.event_category_override ?? base.categoryField,
        timestampField: rule.timestamp_override ?? base.timestampField,
        ...((rule.tiebreaker_field ?? base.tiebreakerField)
          ? { tiebreakerField: rule.tiebreaker_field ?? base.tiebreakerField }
          : {}),
      });
      const size = sizeFor(rule.max_signals ?? 100);
      planned.push({
        spec: {
          id: rule.id,
          name: rule.name,
          query,
          ...(rule.event_category_override ? { categoryField: rule.event_category_override } : {}),
          // An aggregation needs every match; its own alerts are cut to max_signals after.
          size: aggregation ? Infinity : size,
          maxSamplesPerKey: o.maxSamplesPerKey ?? ruleMaxSamplesPerKey(rule) ?? 1,
          ...(o.budget !== undefined ? { budget: o.budget } : {}),
        },
        rule,
        ...(aggregation ? { aggregation: { how: aggregation, size } } : {}),
      });
    } catch (e) {
      warn(`sequent scan: rule "${rule.name}" (${rule.id}): ${describe(e)}\n`);
      failed++;
    }
  }
  return { planned, failed };
}

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

const refKey = (ref: EventRef) => `${ref.file}:${ref.record}`;

/** Fetches the documents results refer to: by byte offset in plain UTF-8 NDJSON, else by re-reading the file. */
async function readBack(
  paths: string[],
  diagnostics: FileDiagnostics[],
  refs: EventRef[],
): Promise<Map<string, Doc>> {
  const docs = new Map<string, Doc>();
  const byFile = new Map<number, EventRef[]>();
  for (const r of refs) {
    let list = byFile.get(r.file);
    if (!list) byFile.set(r.file, (list = []));
    list.push(r);
  }
  for (const [file, wanted] of byFile) {
    const d = diagnostics[file];
    const direct = d.container === 'ndjson' && d.encoding === 'utf-8';
    if (direct && (await readAtOffsets(paths[file], wanted, docs))) continue;
    const records = new Set(wanted.map((r) => r.record));
    let record = 0;
    await ingestFile(
      { name: basename(paths[file]), stream: () => readChunks(paths[file]) },
      (events) => {
        for (const e of events) {
          if (records.has(record)) docs.set(refKey({ file, record }), e.doc);
          record++;
        }
      },
    );
  }
  return docs;
}

/** Reads single NDJSON lines at known offsets; false when the file does not line up. */
async function readAtOffsets(
  path: string,
  refs: EventRef[],
  docs: Map<string, Doc>,
): Promise<boolean> {
  const handle = await open(path, 'r');
  const found = new Map<string, Doc>();
  try {
    for (const ref of refs) {
      if (ref.offset === undefined) return false;
      let size = 1 << 16;
      let text: string | null = null;
      for (;;) {
        const buf = new Uint8Array(size);
        const { bytesRead } = await handle.read(buf, 0, size, ref.offset);
        const end = buf.subarray(0, bytesRead).indexOf(10);
        if (end >= 0 || bytesRead < size) {
          text = new TextDecoder().decode(buf.subarray(0, end >= 0 ? end : bytesRead));
          break;
        }
        size *= 4;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch {
        return false;
      }
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
      found.set(refKey(ref), normalizeRecord(raw).doc);
    }
  } finally {
    await handle.close();
  }
  for (const [k, v] of found) docs.set(k, v);
  return true;
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
  // `scan … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const started = performance.now();
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
  // Near-miss counting costs one evaluation per conjunct per event of the stage's category.
  if (o.explain)
    for (const p of planned) p.spec = { ...p.spec, nearMiss: nearMissConjuncts(p.spec.query) };
  const specs = planned.map((p) => p.spec);
  const stageHosts = o.explain ? new StageHosts(specs.map((s) => s.query)) : null;
  const correlator = new Correlator(specs);
  const files: { path: string; size: number }[] = [];
  for (const path of o.files) {
    try {
      files.push({ path, size: statSync(path).size });
    } catch (e) {
      process.stderr.write(`sequent scan: cannot read ${path}: ${describe(e)}\n`);
      return 1;
    }
  }
  const bytes = files.reduce((n, f) => n + f.size, 0);
  // --explain follows every event in this thread (hosts per stage); so does a single small file.
  const threads = o.explain ? 1 : (o.threads ?? 1);
  const units = threads > 1 ? workUnits(files, o.chunkSize ?? 32 << 20) : [];
  let diagnostics: FileDiagnostics[];
  let planStats: PlanStats | null;
  if (units.length > 1) {
    const job: WorkerJob = { options: o, rules };
    ({ diagnostics, plan: planStats } = gather(
      units,
      await runUnits(units, threads, job),
      files.length,
      correlator,
    ));
    diagnostics.forEach((diag, file) => {
      if (diag.notEventLog)
        process.stderr.write(
          `sequent scan: ${files[file].path}: not an event log (${diag.notEventLog})\n`,
        );
      for (const err of diag.errors)
        process.stderr.write(`sequent scan: ${files[file].path}:${err.line}: ${err.message}\n`);
    });
  } else {
    // References only: memory follows the candidates, not the input; the few events that end
    // up in results are read back from their files afterwards.
    const collector = new Collector(specs, {
      categoryField: o.categoryField ?? 'event.category',
      keepDocs: false,
    });
    diagnostics = [];
    for (let file = 0; file < files.length; file++) {
      const { path, size } = files[file];
      let record = 0;
      const diag = await ingestFile(
        { name: basename(path), size, stream: () => readChunks(path) },
        (events) => {
          for (const e of events) {
            collector.add(e.doc, { file, record: record++, offset: e.offset });
            stageHosts?.add(e.doc);
          }
        },
      );
      diagnostics.push(diag);
      if (diag.notEventLog)
        process.stderr.write(`sequent scan: ${path}: not an event log (${diag.notEventLog})\n`);
      for (const err of diag.errors)
        process.stderr.write(`sequent scan: ${path}:${err.line}: ${err.message}\n`);
      // Hand over per file so candidates do not pile up in the collector's buffers twice.
      correlator.add(collector.drain());
    }
    planStats = collector.planStats();
  }
  const found = correlator.finish();
  const docs = await readBack(o.files, diagnostics, eventRefs(found));
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
      `sequent scan: ${o.files[file]}: ${Math.max(d.withoutTimestamp, matched)} event(s) without a usable timestamp; ` +
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
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      ...(planStats ? { plan: planSummary(planStats) } : {}),
    };
    process.stderr.write(JSON.stringify(stats) + '\n');
  }
  return failed > 0 || summary.outcomes.some((x) => x.error) ? 1 : 0;
}

export { runScanWorker } from './scan-worker.ts';
