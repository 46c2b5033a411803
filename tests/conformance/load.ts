// Loads Elasticsearch's EQL conformance suites from ../shared/eql-conformance exactly the way
// Elasticsearch's own QA harness feeds them to a cluster (see /work/shared/README.md), so the
// language tests and the correlator tests agree on what "expected" means.
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseToml } from 'smol-toml';
import type { CompileOptions, Doc } from '../../src/eql/compiled.ts';

export type SuiteName =
  'es_test_queries' | 'es_additional_test_queries' | 'es_test_extra' | 'es_test_missing_events';

export const SUITES: readonly SuiteName[] = [
  'es_test_queries',
  'es_additional_test_queries',
  'es_test_extra',
  'es_test_missing_events',
];

export interface SuiteQuery {
  readonly name: string;
  readonly query: string;
  /** Tiebreaker values of the expected events, in order; -1 marks a missing-event placeholder. */
  readonly expected: number[];
  /** Expected join keys per sequence; a bare TOML-invalid `null` in the file becomes null. */
  readonly joinKeys?: (string | null)[];
  readonly description?: string;
  readonly note?: string;
}

export interface Suite {
  readonly name: SuiteName;
  readonly events: Doc[];
  readonly queries: SuiteQuery[];
  readonly categoryField: string;
  readonly tiebreakerField: string;
  /** Elasticsearch's harness asks for at most this many results. */
  readonly size: number;
  /** The facts of the suite's index mapping that Sequent's compile options express. */
  readonly mapping: Pick<CompileOptions, 'dateFields' | 'nullValues'>;
}

export const CONFORMANCE_DIR = new URL('../../../shared/eql-conformance/', import.meta.url)
  .pathname;

/** Why the suites cannot run here, or null when they can. Throws under CI, where skipping hides breakage. */
export function conformanceUnavailable(): string | null {
  if (existsSync(CONFORMANCE_DIR)) return null;
  const reason = `EQL conformance data not found at ${CONFORMANCE_DIR}`;
  if (process.env.CI === 'true') throw new Error(`${reason} (required when CI=true)`);
  return reason;
}

// ES's harness indexes es_extra.data under data/extra.mapping, which maps `date_tags` as a
// date and gives `optional_field_default_null` a null_value of "NULL" (an explicit null is
// searched as "NULL", an absent field stays null). The other suites need no mapping fact
// beyond @timestamp being a date, which Sequent assumes of the timestamp field anyway.
const EXTRA_MAPPING: Suite['mapping'] = {
  dateFields: ['date_tags'],
  nullValues: { optional_field_default_null: 'NULL' },
};

const DATA: Record<SuiteName, { file: string; tiebreaker: string; mapping?: Suite['mapping'] }> = {
  es_test_queries: { file: 'endgame_test_data.json', tiebreaker: 'serial_event_id' },
  es_additional_test_queries: { file: 'endgame_test_data.json', tiebreaker: 'serial_event_id' },
  es_test_extra: { file: 'es_extra.data', tiebreaker: 'sequence', mapping: EXTRA_MAPPING },
  es_test_missing_events: { file: 'es_missing-events.data', tiebreaker: 'sequence' },
};

// FILETIME counts 100 ns ticks since 1601; the values exceed 2^53, so convert with BigInt
// from the raw digits instead of trusting JSON.parse's rounded doubles.
const FILETIME_EPOCH_OFFSET_MS = 11644473600000n;

function loadEndgameEvents(text: string): Doc[] {
  const quoted = text.replace(/"timestamp":\s*(\d+)/g, '"timestamp": "$1"');
  const events = JSON.parse(quoted) as Doc[];
  for (const event of events) {
    const raw = event.timestamp as string;
    event.timestamp = Number(raw);
    event['@timestamp'] = Number(BigInt(raw) / 10000n - FILETIME_EPOCH_OFFSET_MS);
  }
  return events;
}

// es_missing-events.data separates its scenarios with `////testN` lines, which JSON rejects.
function stripLineComments(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n');
}

const BARE_NULL = '@@sequent-bare-null@@';

// es_test_extra.toml writes `join_keys = [null, "tag1"]`; TOML has no null, so smuggle it
// through as a sentinel string and turn it back into null after parsing.
function tolerateBareNull(toml: string): string {
  return toml
    .split('\n')
    .map((line) =>
      /^\s*join_keys\s*=/.test(line)
        ? line.replace(/(^|[[,\s])null(?=\s*[\],])/g, `$1"${BARE_NULL}"`)
        : line,
    )
    .join('\n');
}

function toQuery(raw: Record<string, unknown>, file: string): SuiteQuery {
  const { name, query, expected_event_ids, join_keys, description, note, notes } = raw;
  if (typeof name !== 'string' || typeof query !== 'string' || !Array.isArray(expected_event_ids))
    throw new Error(
      `${file}: query entry without name/query/expected_event_ids: ${JSON.stringify(raw)}`,
    );
  return {
    name,
    query,
    expected: expected_event_ids.map(Number),
    ...(Array.isArray(join_keys) && {
      joinKeys: join_keys.map((k) => (k === BARE_NULL ? null : String(k))),
    }),
    ...(typeof description === 'string' && { description }),
    ...((typeof note === 'string' || typeof notes === 'string') && {
      note: String(note ?? notes),
    }),
  };
}

const eventCache = new Map<string, Doc[]>();

function loadEvents(file: string): Doc[] {
  let events = eventCache.get(file);
  if (!events) {
    const text = readFileSync(CONFORMANCE_DIR + file, 'utf8');
    events =
      file === 'endgame_test_data.json'
        ? loadEndgameEvents(text)
        : (JSON.parse(stripLineComments(text)) as Doc[]);
    eventCache.set(file, events);
  }
  // Each caller gets its own copies so one test cannot corrupt another's data.
  return events.map((e) => structuredClone(e));
}

/** Loads one suite: its events (in file order) and its active (not commented-out) queries. */
export function loadSuite(name: SuiteName): Suite {
  const { file, tiebreaker, mapping = {} } = DATA[name];
  const tomlFile = `${name}.toml`;
  const toml = tolerateBareNull(readFileSync(CONFORMANCE_DIR + tomlFile, 'utf8'));
  const parsed = parseToml(toml) as { queries?: Record<string, unknown>[] };
  return {
    name,
    events: loadEvents(file),
    queries: (parsed.queries ?? []).map((q) => toQuery(q, tomlFile)),
    categoryField: 'event_type',
    tiebreakerField: tiebreaker,
    size: 50,
    mapping,
  };
}
