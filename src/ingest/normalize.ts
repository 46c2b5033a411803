// normalizeRecord: one record as read → one ECS document. Windows-shaped records are read
// into a WinEvent and mapped as Winlogbeat would; ECS and generic JSON pass as they are.
import type { Doc } from './types.ts';
import { hostId } from './hostid.ts';
import { EcsBuilder } from './map/builder.ts';
import type { Mapping } from './map/mapping.ts';
import { DEFENDER, mapDefender } from './map/defender.ts';
import {
  mapPowerShell,
  mapPowerShellClassic,
  POWERSHELL,
  POWERSHELL_CLASSIC,
} from './map/powershell.ts';
import { securityTask } from './map/security-codes.ts';
import { decodeCodes, mapSecurity, SECURITY } from './map/security.ts';
import { mapSysmon, SYSMON } from './map/sysmon.ts';
import { mapSystem, SYSTEM } from './map/system.ts';
import { mapWinRM, WINRM } from './map/winrm.ts';
import { detectShape, fromEventNode, fromEventXml, toWinEvent, type Shape } from './shapes.ts';
import type { XmlNode } from './xml.ts';
import { isoTime, parseTime } from './time.ts';
import { present } from './values.ts';
import { familyOf, type WinEvent } from './winevent.ts';
import { keepUnmapped } from './shapes/winlogbeat.ts';
import { DataCollector } from './shapes/data-object.ts';

export interface Normalized {
  doc: Doc;
  shape: Shape;
  /** An ECS mapping applied (or the record was ECS already). */
  mapped: boolean;
  /** The Windows event read from the record, when it was one. */
  win: WinEvent | null;
  /** The document's @timestamp in epoch ms, when it was computed here (Windows events). */
  ts?: number | null;
}

type Family = {
  table: Record<number, Mapping>;
  map: (b: EcsBuilder, id: number) => void;
  module: string;
};

const FAMILIES: Record<string, Family> = {
  sysmon: { table: SYSMON, map: mapSysmon, module: 'sysmon' },
  security: { table: SECURITY, map: mapSecurity, module: 'security' },
  system: { table: SYSTEM, map: mapSystem, module: 'system' },
  powershell: { table: POWERSHELL, map: mapPowerShell, module: 'powershell' },
  'powershell-classic': {
    table: POWERSHELL_CLASSIC,
    map: mapPowerShellClassic,
    module: 'powershell',
  },
  winrm: { table: WINRM, map: mapWinRM, module: 'winrm' },
  defender: { table: DEFENDER, map: mapDefender, module: 'windows_defender' },
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Normalizes one record. `raw` is a parsed JSON value, the text of one `<Event>` element
 * with hint `event-xml`, or an .evtx record's <Event> element (XmlNode) with hint `evtx`. Throws (with a message naming the problem) only for broken XML.
 */
export function normalizeRecord(raw: unknown, hint?: Shape): Normalized {
  if (hint === 'event-xml' && typeof raw === 'string') {
    const win = fromEventXml(raw);
    const { doc, ts, mapped } = toEcs(win);
    return { doc, shape: 'event-xml', mapped, win, ts };
  }
  if (hint === 'evtx') return normalizeWinEvent(fromEventNode(raw as XmlNode), 'evtx');
  const shape = hint && hint !== 'event-xml' ? hint : detectShape(raw);
  if (shape === 'elasticsearch-hit') {
    const inner = normalizeRecord((raw as Obj)._source);
    return { ...inner, shape };
  }
  if (shape === 'ecs') return { doc: withHostId(raw as Obj), shape, mapped: true, win: null };
  const win = toWinEvent(raw, shape);
  if (!win) return { doc: raw as Doc, shape, mapped: false, win: null };
  // A default-depth PowerShell export lost its EventData: categorized, but not really mapped.
  const { doc, ts, mapped, family } = toEcs(win);
  if (shape === 'winlogbeat') {
    keepUnmapped(doc, raw as Obj, family !== 'sysmon');
    const api = (raw as { winlog?: { api?: unknown } }).winlog?.api;
    if (typeof api === 'string' && api) (doc.winlog as Obj).api = api;
  }
  return { doc, shape, mapped: mapped && shape !== 'powershell-shallow', win, ts };
}

/** A Windows event already read (an .evtx record, read straight from its binary XML). */
export function normalizeWinEvent(win: WinEvent, shape: Shape): Normalized {
  const { doc, ts, mapped } = toEcs(win);
  return { doc, shape, mapped, win, ts };
}

// ECS documents keep every field; only a missing host.id is derived from the host name so
// `sequence by host.id` works on exports from agents that did not set it.
function withHostId(doc: Obj): Doc {
  if (doc['host.id'] !== undefined) return doc;
  const host = doc.host;
  if (isObj(host)) {
    if (host.id !== undefined) return doc;
    const name = host.name ?? host.hostname;
    if (typeof name === 'string' && name) return { ...doc, host: { ...host, id: hostId(name) } };
    return doc;
  }
  const name = doc['host.name'] ?? doc['winlog.computer_name'];
  if (typeof name === 'string' && name) return { ...doc, 'host.id': hostId(name) };
  const wl = doc.winlog;
  if (isObj(wl) && typeof wl.computer_name === 'string')
    return { ...doc, host: { name: wl.computer_name, id: hostId(wl.computer_name) } };
  return doc;
}

/** Sysmon's own UtcTime when it has one (it is the event's time), else TimeCreated. */
function eventTime(win: WinEvent, family = familyOf(win)): number | null {
  if (family === 'sysmon' && !win.timeIsUtcTime && present(win.data.UtcTime))
    return parseTime(win.data.UtcTime) ?? win.time;
  return win.time;
}

/**
 * The ECS version the mapping tables follow (Elastic Agent's Windows and System integrations
 * of the 8.17 stack, whose pipelines write `ecs.version` 8.17.0).
 */
export const ECS_VERSION = '8.17.0';

/**
 * Every reader yields what Windows' event log API renders (System header + EventData), which
 * is what Winlogbeat's `wineventlog` API reads too (also for .evtx files); Winlogbeat's own
 * exports keep the API they name (`eventlogging` on old systems).
 */
const WINLOG_API = 'wineventlog';

const SYSMON_EMPTY = new Set(['', '-', '{00000000-0000-0000-0000-000000000000}']);
const kept = new DataCollector();

/** The ECS document for one Windows event (`winlog.*` raw, ECS fields mapped on top). */
export function winEventToEcs(win: WinEvent): Doc {
  return toEcs(win).doc;
}

function hasKeys(o: object): boolean {
  for (const _ in o) return true;
  return false;
}

// The document and its time together: the time (Sysmon's UtcTime) is parsed once, not again
// for the caller; so is the family, and whether a table row mapped the event.
function toEcs(win: WinEvent): { doc: Doc; ts: number | null; mapped: boolean; family: string } {
  const family = familyOf(win);
  const f = FAMILIES[family];
  const id = win.eventId;
  const data = win.data;
  // Winlogbeat's sysmon pipeline drops empty values and placeholders from event_data.
  let eventData: Record<string, string> = data;
  if (family === 'sysmon' && !win.placeholdersDropped) {
    kept.reset();
    for (const k in data) if (!SYSMON_EMPTY.has(data[k])) kept.add(k, data[k]);
    eventData = kept.take();
  }

  const ts = eventTime(win, family);

  const doc: Obj = {};
  const at = ts === null ? null : isoTime(ts);
  if (at !== null) doc['@timestamp'] = at;
  const event: Obj = { kind: 'event' };
  if (id !== null) event.code = String(id);
  if (win.provider) event.provider = win.provider;
  // Sysmon's UtcTime and TimeCreated are usually the same millisecond: format it once.
  if (win.time !== null) event.created = win.time === ts ? at : isoTime(win.time);
  doc.event = event;
  if (win.computer) {
    doc.host = {
      name: win.computer,
      hostname: win.computer,
      id: hostId(win.computer),
      os: { type: 'windows', family: 'windows' },
    };
  } else doc.host = { os: { type: 'windows', family: 'windows' } };

  doc.ecs = { version: ECS_VERSION };
  const winlog: Obj = { api: WINLOG_API };
  if (win.channel) winlog.channel = win.channel;
  if (win.provider) winlog.provider_name = win.provider;
  if (id !== null) winlog.event_id = String(id);
  if (win.computer) winlog.computer_name = win.computer;
  if (win.recordId !== null) winlog.record_id = win.recordId;
  if (win.processId !== null || win.threadId !== null) {
    const p: Obj = {};
    if (win.processId !== null) p.pid = win.processId;
    if (win.threadId !== null) p.thread = { id: win.threadId };
    winlog.process = p;
  }
  if (win.userId) winlog.user = { identifier: win.userId };
  if (win.version !== null) winlog.version = win.version;
  if (win.task) winlog.task = win.task;
  if (win.opcode) winlog.opcode = win.opcode;
  if (win.keywords) winlog.keywords = win.keywords;
  if (hasKeys(eventData)) winlog.event_data = eventData;
  doc.winlog = winlog;
  if (win.message) doc.message = win.message;

  let mapped = false;
  if (f && id !== null) {
    const m = f.table[id];
    if (m) {
      mapped = true;
      event.module = f.module;
      if (m.category.length) event.category = m.category.slice();
      event.type = m.type.slice();
      event.action = m.action;
      if (m.outcome) event.outcome = m.outcome;
      const b = new EcsBuilder(doc, data, win.message);
      f.map(b, id);
      if (win.userId && !hasUserId(doc)) b.set('user.id', win.userId);
    } else if (family === 'security') {
      // Winlogbeat's event.action for a Security event its pipeline has no row for: the task.
      const task = securityTask(win.task);
      if (task) event.action = task;
      decodeCodes(new EcsBuilder(doc, data, win.message), id);
    }
  }
  return { doc, ts, mapped, family };
}

function hasUserId(doc: Obj): boolean {
  return isObj(doc.user) && doc.user.id !== undefined;
}
