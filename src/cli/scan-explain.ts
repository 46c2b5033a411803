// Why a query did or did not fire, in words a responder reads on stderr: a one-line hint per
// silent query by default, and with --explain per stage counts, near misses per top-level
// conjunct, sequence rejections and the values the data never has.
import type { Conjunct, QueryOutcome, QuerySpec } from '../engine/index.ts';
import { readField } from '../engine/index.ts';
import type { CompiledQuery, CompiledStage, Doc } from '../eql/compiled.ts';
import { EqlError, KnownFields, parse, unknownFields, unknownFieldsMessage } from '../eql/index.ts';
import { heldConjuncts } from '../kql/index.ts';
import { fieldGaps, type FieldProfile } from '../ingest/index.ts';

/** Per stage, the top-level conjuncts whose truth the collector counts (QuerySpec.nearMiss). */
export function nearMissConjuncts(query: CompiledQuery): Conjunct[][] {
  return query.stages.map(heldConjuncts);
}

const HOST_FIELDS = ['host.name', 'host.hostname', 'host.id'];

function hostOf(doc: Doc): string | null {
  for (const f of HOST_FIELDS) {
    const v = readField(doc, f);
    if (typeof v === 'string' && v) return v.toLowerCase();
  }
  return null;
}

/**
 * Which hosts each stage matched on. It evaluates every stage once more per event, so the
 * scan only keeps one when --explain asks for it.
 */
export class StageHosts {
  readonly #queries: readonly CompiledQuery[];
  readonly #hosts: Set<string>[][];
  constructor(queries: readonly CompiledQuery[]) {
    this.#queries = queries;
    this.#hosts = queries.map((q) => q.stages.map(() => new Set<string>()));
  }

  add(doc: Doc): void {
    let host: string | null | undefined;
    this.#queries.forEach((q, i) =>
      q.stages.forEach((s, j) => {
        if (!s.test(doc)) return;
        if (host === undefined) host = hostOf(doc);
        if (host !== null) this.#hosts[i][j].add(host);
      }),
    );
  }

  hosts(query: number, stage: number): string[] {
    return [...this.#hosts[query][stage]].sort();
  }
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function keysAreHosts(stage: CompiledStage): boolean {
  return stage.keys.length > 0 && stage.keys.every((k) => HOST_FIELDS.includes(k.field));
}

function stageSummary(outcome: QueryOutcome, spec: QuerySpec, i: number): string {
  const s = outcome.stats.stages[i];
  const stage = spec.query.stages[i];
  if (s.matched === 0) return `stage ${i + 1} never`;
  const where = keysAreHosts(stage)
    ? ` on ${plural(s.distinctKeys, 'host')}`
    : stage.keys.length
      ? ` with ${plural(s.distinctKeys, 'distinct key')}`
      : '';
  return `stage ${i + 1} matched ${plural(s.matched, 'event')}${where}`;
}

/** The default one-liner for a query that returned nothing. */
export function silentHint(label: string, outcome: QueryOutcome, spec: QuerySpec): string {
  const stages = outcome.stats.stages.map((_, i) => stageSummary(outcome, spec, i));
  let why = stages.join(', ');
  const st = outcome.stats;
  const rejected: string[] = [];
  if (st.rejectedByMaxspan) rejected.push(`${st.rejectedByMaxspan} past maxspan`);
  if (st.rejectedByUntil) rejected.push(`${st.rejectedByUntil} cut by until`);
  if (st.rejectedByMissing) rejected.push(`${st.rejectedByMissing} ruled out by a missing stage`);
  if (rejected.length) why += `; sequences rejected: ${rejected.join(', ')}`;
  return `no alerts: ${label} — ${why} (--explain for details)`;
}

/**
 * For a query without results that names fields no scanned event has (the profile's
 * paths): "no alerts: query — 0 events: the session has no field `proces.nme` (did you
 * mean `process.name`?)". Null when every field it names exists.
 */
// One per profile: every silent rule of a scan asks about the same session's fields.
const knownOf = new WeakMap<FieldProfile, KnownFields>();

export function unknownFieldHint(label: string, spec: QuerySpec, profile: FieldProfile) {
  let known = knownOf.get(profile);
  if (!known) {
    known = new KnownFields(Object.keys(profile.counts).filter((f) => profile.counts[f] > 0));
    knownOf.set(profile, known);
  }
  // A KQL rule's source is not EQL: it gets the stage hint instead. Parsing it as EQL threw
  // after the results were printed, and the crash cut piped output at a point that varied
  // with timing (so `--threads 2` seemed to print more than `--threads 1`).
  let query: ReturnType<typeof parse>;
  try {
    query = parse(spec.query.source);
  } catch (e) {
    if (e instanceof EqlError) return null;
    throw e;
  }
  const unknown = unknownFields(query, known);
  return unknown.length ? `no alerts: ${label} — ${unknownFieldsMessage(unknown)}` : null;
}

// A literal a conjunct compares one field with: `f == "x"`, `f : ("a", "b")`, `f in (1, 2)`.
// Wildcard patterns are left out: the profile's few sample values cannot rule them out.
const COMPARISON = /^`?([A-Za-z_@][\w.@]*)`?\s*(==|:|in|like|like~|:~|in~)\s*(.+)$/;
const LITERAL = /"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)/g;

/** Field → the values the stage's top-level conjuncts need it to have. */
export function expectedValues(texts: readonly string[]): Record<string, (string | number)[]> {
  const out: Record<string, (string | number)[]> = {};
  for (const text of texts) {
    const m = COMPARISON.exec(text.trim());
    if (!m) continue;
    const values: (string | number)[] = [];
    for (const lit of m[3].matchAll(LITERAL)) {
      if (lit[1] !== undefined) {
        const v = lit[1].replace(/\\(.)/g, '$1');
        if (/[*?]/.test(v)) {
          values.length = 0;
          break;
        }
        values.push(v);
      } else values.push(Number(lit[2]));
    }
    if (values.length) out[m[1]] = [...(out[m[1]] ?? []), ...values];
  }
  return out;
}

export interface ExplainInput {
  label: string;
  outcome: QueryOutcome;
  spec: QuerySpec;
  profile: FieldProfile;
  hosts?: (stage: number) => string[];
}

/** The --explain report of one query: several lines, each ending in a newline. */
export function explainQuery({ label, outcome, spec, profile, hosts }: ExplainInput): string {
  const st = outcome.stats;
  const lines = [`explain: ${label}: ${plural(outcome.total, 'alert')}`];
  st.stages.forEach((s, i) => {
    const stage = spec.query.stages[i];
    const hostList = hosts?.(i);
    const hostText = hostList
      ? `, ${plural(hostList.length, 'host')}${hostList.length ? ` (${hostList.slice(0, 5).join(', ')}${hostList.length > 5 ? ', …' : ''})` : ''}`
      : '';
    lines.push(
      `  stage ${i + 1} ${stage.text}`,
      `    matched ${plural(s.matched, 'event')}, ${plural(s.distinctKeys, 'distinct key')}${hostText}`,
    );
    const nm = s.nearMiss;
    if (nm && s.matched === 0) {
      const of = `${nm.categoryEvents} ${stage.category ?? 'any'} event${nm.categoryEvents === 1 ? '' : 's'}`;
      for (const c of nm.conjuncts)
        lines.push(`    near miss: \`${c.text}\` held for ${c.satisfied} of ${of}`);
    }
    const texts = nm?.conjuncts.map((c) => c.text) ?? heldConjuncts(stage).map((c) => c.text);
    for (const gap of fieldGaps(profile, stage.fields, expectedValues(texts)))
      lines.push(`    data: ${gap.message}`);
  });
  if (outcome.kind === 'sequence') {
    lines.push(
      `  sequences: ${st.sequencesStarted} started, ${st.sequencesCompleted} completed; ` +
        `rejected ${st.rejectedByMaxspan} by maxspan, ${st.rejectedByUntil} by until, ${st.rejectedByMissing} by a missing stage`,
    );
  }
  if (st.untimed)
    lines.push(`  ${plural(st.untimed, 'matching event')} without a usable timestamp`);
  return lines.map((l) => l + '\n').join('');
}
