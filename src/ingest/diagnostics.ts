// DiagnosticsCollector: what the user is told about one file while it is read.
import { addEvtxSummaries } from './evtx/summary.ts';
import { FieldProfiler } from './profile.ts';
import { SHAPE_REASONS, type Shape } from './shapes.ts';
import { parseTime } from './time.ts';
import type { Doc, EvtxSummary, FileDiagnostics, IngestError } from './types.ts';

const MAX_HOSTS = 1000;

type Obj = Record<string, unknown>;

// A field by its dotted name, flat (`host.name` as a key) or nested. The names are constants,
// split once here: split per read was an array made for every event read unmapped.
const HOST_NAME = ['host.name', 'host', 'name'] as const;
const TIMESTAMP = ['@timestamp', '@timestamp'] as const;
const WINLOG_CHANNEL = ['winlog.channel', 'winlog', 'channel'] as const;
const EVENT_CODE = ['event.code', 'event', 'code'] as const;
const WINLOG_EVENT_ID = ['winlog.event_id', 'winlog', 'event_id'] as const;

/** `path`: the dotted name, then its parts. */
function read(doc: Obj, path: readonly string[]): unknown {
  if (path[0] in doc) return doc[path[0]];
  let o: unknown = doc;
  for (let i = 1; i < path.length; i++) {
    if (typeof o !== 'object' || o === null) return undefined;
    o = (o as Obj)[path[i]];
  }
  return o;
}

export class DiagnosticsCollector {
  bytes = 0;
  encodings = new Set<string>();
  containers = new Set<string>();
  wrapper = '';
  read = 0;
  mapped = 0;
  passedThrough = 0;
  skipped = 0;
  private readonly sources = new Map<Shape, number>();
  private readonly eventCounts = new Map<string, number>();
  private readonly hosts = new Set<string>();
  private min = Infinity;
  private max = -Infinity;
  private withoutTimestamp = 0;
  readonly errors: IngestError[] = [];
  readonly warnings = new Set<string>();
  readonly profile = new FieldProfiler();
  private evtxSum: EvtxSummary | undefined;

  constructor(
    readonly name: string,
    private readonly maxErrors = 20,
  ) {}

  /** Adds one .evtx member's counts (a zip may hold several). */
  addEvtx(s: EvtxSummary): void {
    this.evtxSum = this.evtxSum ? addEvtxSummaries(this.evtxSum, s) : s;
  }

  private readonly junk: Array<{ file: string; looks: string }> = [];

  /** Notes a file or archive member that is no event log; false when `looks` is null. */
  notEventLog(file: string, looks: string | null): boolean {
    if (looks === null) return false;
    this.junk.push({ file, looks });
    return true;
  }

  // The whole file is no event log when nothing in it was a record; else each junk member of
  // an archive is a warning and the logs beside it count as usual.
  private verdict(): string | null {
    if (this.junk.length === 0) return null;
    if (this.read > 0) {
      for (const j of this.junk) this.warnings.add(`${j.file}: not an event log (${j.looks})`);
      return null;
    }
    if (this.junk.length === 1) return this.junk[0].looks;
    const shown = this.junk
      .slice(0, 3)
      .map((j) => `${j.file.slice(this.name.length + 1)}: ${j.looks}`);
    const more = this.junk.length > 3 ? `; ${this.junk.length - 3} more` : '';
    return `an archive of ${this.junk.length} files, none an event log — ${shown.join('; ')}${more}`;
  }

  error(e: IngestError): void {
    this.skipped++;
    this.notice(e);
  }

  /** A problem told where it lies, for which nothing was skipped (a damaged chunk read anyway). */
  notice(e: IngestError): void {
    if (this.errors.length < this.maxErrors) this.errors.push(e);
  }

  /** `ts` and `host` when the caller knows them already (else read from the document). */
  event(
    doc: Doc,
    shape: Shape,
    mapped: boolean,
    channel: string,
    eventId: string,
    ts?: number | null,
    host?: string,
  ): void {
    this.sources.set(shape, (this.sources.get(shape) ?? 0) + 1);
    if (mapped) this.mapped++;
    else this.passedThrough++;
    const key = eventId || channel ? this.kindKey(channel, eventId) : '';
    if (key) this.eventCounts.set(key, (this.eventCounts.get(key) ?? 0) + 1);
    if (host === undefined) {
      const h = read(doc, HOST_NAME);
      host = typeof h === 'string' ? h : '';
    }
    if (host && this.hosts.size < MAX_HOSTS) this.hosts.add(host);
    if (ts === undefined) ts = parseTime(read(doc, TIMESTAMP));
    if (ts === null) this.withoutTimestamp++;
    else {
      if (ts < this.min) this.min = ts;
      if (ts > this.max) this.max = ts;
    }
    this.profile.add(doc, key);
  }

  // `channel|id` strings, built once per kind: a fresh string per event is hashed afresh in
  // both maps that count by kind.
  private readonly kindKeys = new Map<string, Map<string, string>>();
  private kindKey(channel: string, eventId: string): string {
    let byId = this.kindKeys.get(channel);
    if (byId === undefined) this.kindKeys.set(channel, (byId = new Map()));
    let key = byId.get(eventId);
    if (key === undefined) byId.set(eventId, (key = `${channel}|${eventId}`));
    return key;
  }

  /** channel and event id of an ECS or generic document. */
  static keyOf(doc: Doc): [string, string] {
    const channel = read(doc, WINLOG_CHANNEL) ?? doc.Channel ?? doc.channel;
    const code = read(doc, EVENT_CODE) ?? read(doc, WINLOG_EVENT_ID) ?? doc.EventID ?? doc.eventId;
    return [typeof channel === 'string' ? channel : '', code === undefined ? '' : String(code)];
  }

  result(): FileDiagnostics {
    let source: Shape | '' = '';
    let best = -1;
    for (const [s, n] of this.sources)
      if (n > best) {
        best = n;
        source = s;
      }
    const container = [...this.containers].join(', ') || 'empty';
    const notEventLog = this.verdict();
    return {
      ...(notEventLog === null ? {} : { notEventLog }),
      name: this.name,
      bytes: this.bytes,
      encoding: [...this.encodings].join(', ') || 'utf-8',
      container: this.wrapper ? `${this.wrapper}: ${container}` : container,
      source: source || 'none',
      reason: source
        ? SHAPE_REASONS[source]
        : notEventLog !== null
          ? `not an event log (${notEventLog})`
          : 'no records were read',
      sources: Object.fromEntries(this.sources),
      records: {
        read: this.read,
        mapped: this.mapped,
        passedThrough: this.passedThrough,
        skipped: this.skipped,
      },
      eventCounts: Object.fromEntries(
        [...this.eventCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
      ),
      hosts: [...this.hosts].sort(),
      timeRange:
        this.min <= this.max
          ? { min: new Date(this.min).toISOString(), max: new Date(this.max).toISOString() }
          : null,
      withoutTimestamp: this.withoutTimestamp,
      errors: this.errors,
      warnings: [...this.warnings],
      fields: this.profile.result(),
      ...(this.evtxSum ? { evtx: this.evtxSum } : {}),
    };
  }
}
