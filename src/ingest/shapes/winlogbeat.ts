// Winlogbeat documents that no ingest pipeline has mapped yet: what Winlogbeat writes to a
// file, Logstash or Kafka output (the `collection` form of its own module tests). The System
// fields sit under `winlog.*` and the raw EventData under `winlog.event_data` (or
// `winlog.user_data`); there is no `event.module` or `event.category` until a pipeline runs.
// Sequent maps them like any other Windows event and keeps the rest of the document.
import { parseTime } from '../time.ts';
import { asString, toNumber } from '../values.ts';
import { canonicalChannel, emptyWinEvent, type WinEvent } from '../winevent.ts';
import { DataCollector } from './data-object.ts';
import { isObj, type Obj, type ShapeDef } from './shape.ts';

/** A Winlogbeat document with raw `winlog.event_data`/`user_data` and no pipeline's ECS on it. */
function isUnmappedWinlogbeat(raw: Obj): boolean {
  const wl = raw.winlog;
  if (!isObj(wl) || wl.event_id === undefined) return false;
  if (!isObj(wl.event_data) && !isObj(wl.user_data)) return false;
  const ev = raw.event;
  return !isObj(ev) || (ev.module === undefined && ev.category === undefined);
}

const text = (v: unknown): string | null => {
  const s = asString(v);
  return s === undefined || s === '' ? null : s;
};
const int = (v: unknown): number | null => toNumber(v) ?? null;

const data = new DataCollector();

function fromWinlogbeat(raw: Obj): WinEvent {
  const wl = raw.winlog as Obj;
  const event = isObj(raw.event) ? raw.event : {};
  const host = isObj(raw.host) ? raw.host : {};
  const proc = isObj(wl.process) ? wl.process : {};
  const ev = emptyWinEvent();
  ev.channel = canonicalChannel(String(wl.channel ?? ''));
  ev.provider = String(wl.provider_name ?? event.provider ?? '');
  ev.eventId = int(wl.event_id ?? event.code);
  ev.computer = String(wl.computer_name ?? host.name ?? '');
  ev.recordId = text(wl.record_id);
  ev.time = parseTime(raw['@timestamp'] ?? wl.time_created);
  ev.processId = int(proc.pid);
  ev.threadId = isObj(proc.thread) ? int(proc.thread.id) : null;
  ev.userId = isObj(wl.user) ? text(wl.user.identifier) : null;
  ev.version = int(wl.version);
  ev.level = isObj(raw.log) ? text(raw.log.level) : null;
  ev.task = text(wl.task);
  ev.opcode = text(wl.opcode);
  // The mapping reads the keywords as text; the document keeps Winlogbeat's list (keepUnmapped).
  ev.keywords = Array.isArray(wl.keywords) ? wl.keywords.join(', ') : text(wl.keywords);
  if (typeof raw.message === 'string') ev.message = raw.message;
  data.reset();
  copyData(wl.event_data, data);
  copyData(wl.user_data, data);
  ev.data = data.take();
  return ev;
}

function copyData(from: unknown, out: DataCollector): void {
  if (!isObj(from)) return;
  for (const k in from) {
    // Winlogbeat's name for the UserData element, not a value of the event.
    if (k === 'xml_name') continue;
    const v = from[k];
    out.add(k, typeof v === 'string' ? v : (asString(v) ?? ''));
  }
}

/**
 * The mapped document with every field of the Winlogbeat document it lacks (agent, ecs,
 * keywords, user_data…). Where both have a value the mapping wins, except `winlog.keywords`
 * (Winlogbeat's list) and, with `keepTime`, `@timestamp`: when it names the same millisecond,
 * Winlogbeat's own text (100 ns precision) is kept. Sysmon's time is its UtcTime instead.
 */
export function keepUnmapped(doc: Obj, raw: Obj, keepTime: boolean): Obj {
  mergeUnder(doc, raw);
  const at = raw['@timestamp'];
  if (keepTime && typeof at === 'string' && parseTime(at) === parseTime(doc['@timestamp'])) {
    doc['@timestamp'] = at;
  }
  const keywords = (raw.winlog as Obj).keywords;
  if (Array.isArray(keywords) && isObj(doc.winlog)) doc.winlog.keywords = keywords.slice();
  return doc;
}

function mergeUnder(into: Obj, from: Obj): void {
  for (const k in from) {
    const have = into[k];
    const v = from[k];
    if (have === undefined) into[k] = typeof v === 'object' && v !== null ? copyJson(v) : v;
    else if (isObj(have) && isObj(v)) mergeUnder(have, v);
  }
}

/**
 * A deep copy of a parsed JSON value, as structuredClone makes it for one: structuredClone
 * serializes and rebuilds, and copying the Winlogbeat fields the mapping lacks (agent, ecs,
 * event.original…) with it took a sixth of the mapping. Anything not plain JSON (a caller's
 * Date or Map) still goes to structuredClone.
 */
function copyJson(v: object): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = typeof x === 'object' && x !== null ? copyJson(x) : x;
    }
    return out;
  }
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Obj = {};
  for (const k of Object.keys(v)) {
    const x = (v as Obj)[k];
    const copy = typeof x === 'object' && x !== null ? copyJson(x) : x;
    // A `__proto__` key is a field like any other (JSON.parse makes it one), not the prototype.
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: copy,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    else out[k] = copy;
  }
  return out;
}

export const winlogbeat: ShapeDef<'winlogbeat'> = {
  id: 'winlogbeat',
  reason:
    "Winlogbeat documents no ingest pipeline has mapped (`winlog.event_data` or `winlog.user_data`, no `event.module`/`event.category`): mapped like Winlogbeat's module pipelines, other fields kept",
  matches: isUnmappedWinlogbeat,
  read: fromWinlogbeat,
};
