// Source shapes: which tool wrote a record, and how to read it into a WinEvent.
import { layoutFor } from './layouts.ts';
import { parseTime } from './time.ts';
import { asString, toNumber } from './values.ts';
import { canonicalChannel, emptyWinEvent, familyOf, type WinEvent } from './winevent.ts';
import { child, parseXmlElement, type XmlNode } from './xml.ts';
import { fromWinlogbeat, isUnmappedWinlogbeat } from './winlogbeat.ts';

export type Shape =
  | 'ecs'
  | 'elasticsearch-hit'
  | 'evtx_dump'
  | 'evtxecmd'
  | 'otrf-nxlog'
  | 'velociraptor'
  | 'event-xml'
  | 'evtx'
  | 'powershell'
  | 'powershell-shallow'
  | 'winlogbeat'
  | 'generic';

export const SHAPE_REASONS: Record<Shape, string> = {
  ecs: 'ECS documents (`@timestamp` with `event`/`winlog`/`ecs`/`host` fields, nested or dotted, as Winlogbeat or Elastic Agent write them): taken as they are',
  'elasticsearch-hit':
    'Elasticsearch hits / elasticdump (`_index` and `_source` per record): the `_source` documents are read',
  evtx_dump: 'evtx_dump JSON (`Event.System` with `#attributes`, `EventID` as a number or `#text`)',
  evtxecmd: 'EvtxECmd JSON (`Payload` is a JSON string holding `EventData.Data[{@Name,#text}]`)',
  'otrf-nxlog':
    'NXLog / OTRF flat records (`EventID`, `Channel`, `SourceName` and the EventData at the top level; `Hostname` is the endpoint, `host` the collector)',
  velociraptor:
    'Velociraptor rows (`System.EventID.Value`, `System.TimeCreated.SystemTime` in epoch seconds, `EventData`)',
  evtx: "raw Windows event log (.evtx: the `ElfFile` signature): its binary XML read directly, chunk by chunk; no message text (that lives in the providers' DLLs)",
  'event-xml': 'Windows Event XML (`<Event>` elements with `<System>` and `<Data Name=…>`)',
  powershell:
    'PowerShell `Get-WinEvent | ConvertTo-Json` (`Id`, `ProviderName`, positional `Properties[].Value`, `/Date(ms)/` times)',
  'powershell-shallow':
    'PowerShell `Get-WinEvent | ConvertTo-Json` at its default depth: `Properties` holds only type names',
  winlogbeat:
    "Winlogbeat documents no ingest pipeline has mapped (`winlog.event_data` or `winlog.user_data`, no `event.module`/`event.category`): mapped like Winlogbeat's module pipelines, other fields kept",
  generic: 'generic JSON documents (no Windows event or ECS shape recognized), taken as they are',
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const NULL_GUID = '{00000000-0000-0000-0000-000000000000}';

const ECS_PREFIXES = ['event.', 'winlog.', 'ecs.', 'host.', 'process.', 'agent.'];

export function detectShape(raw: unknown): Shape {
  if (!isObj(raw)) return 'generic';
  if (isObj(raw._source) && ('_index' in raw || '_id' in raw)) return 'elasticsearch-hit';
  if (isObj(raw.Event) && isObj((raw.Event as Obj).System)) return 'evtx_dump';
  if (isObj(raw.System) && ('EventData' in raw || 'UserData' in raw || 'EventID' in raw.System)) {
    const id = (raw.System as Obj).EventID;
    return isObj(id) && 'Value' in id ? 'velociraptor' : 'evtx_dump';
  }
  if (typeof raw.Payload === 'string' && 'EventId' in raw) return 'evtxecmd';
  if ('Id' in raw && 'ProviderName' in raw && ('Properties' in raw || 'LogName' in raw)) {
    const props = raw.Properties;
    if (Array.isArray(props) && props.some((p) => typeof p === 'string'))
      return 'powershell-shallow';
    if (typeof props === 'string') return 'powershell-shallow';
    return 'powershell';
  }
  if ('EventID' in raw && ('Channel' in raw || 'SourceName' in raw)) return 'otrf-nxlog';
  if (isUnmappedWinlogbeat(raw)) return 'winlogbeat';
  if (isObj(raw.event) || isObj(raw.winlog) || isObj(raw.ecs)) return 'ecs';
  if ('@timestamp' in raw && (isObj(raw.host) || isObj(raw.agent))) return 'ecs';
  for (const k in raw) {
    for (const p of ECS_PREFIXES) if (k.startsWith(p)) return 'ecs';
  }
  return 'generic';
}

// ---------- evtx_dump and Velociraptor: System / EventData objects ----------

function attr(o: unknown, k: string): unknown {
  if (!isObj(o)) return undefined;
  const a = o['#attributes'];
  if (isObj(a) && k in a) return a[k];
  return o[k];
}

function textOf(v: unknown): unknown {
  if (isObj(v)) return '#text' in v ? v['#text'] : 'Value' in v ? v.Value : undefined;
  return v;
}

function str(v: unknown): string | null {
  const s = asString(textOf(v));
  return s === undefined ? null : s;
}

function num(v: unknown): number | null {
  const n = toNumber(textOf(v));
  return n === undefined ? null : n;
}

function readSystem(sys: Obj, ev: WinEvent): void {
  ev.provider = String(attr(sys.Provider, 'Name') ?? '');
  ev.eventId = num(sys.EventID);
  ev.version = num(sys.Version);
  ev.level = str(sys.Level);
  ev.task = str(sys.Task);
  ev.opcode = str(sys.Opcode);
  ev.keywords = str(sys.Keywords);
  ev.time = parseTime(attr(sys.TimeCreated, 'SystemTime'));
  ev.recordId = str(sys.EventRecordID);
  ev.processId = num(attr(sys.Execution, 'ProcessID'));
  ev.threadId = num(attr(sys.Execution, 'ThreadID'));
  ev.channel = canonicalChannel(String(sys.Channel ?? ''));
  ev.computer = String(sys.Computer ?? '');
  const uid = attr(sys.Security, 'UserID');
  ev.userId = typeof uid === 'string' && uid ? uid : null;
}

// `drop`: leave out Sysmon's empty placeholders while copying (see winEventToEcs).
function readDataObject(ed: unknown, out: Record<string, string>, drop = false): void {
  if (ed === null || ed === undefined) return;
  if (!isObj(ed)) {
    const s = asString(ed);
    if (s) out.param1 = s;
    return;
  }
  const data = ed.Data;
  if (data !== undefined && onlyDataKeys(ed)) {
    // Unnamed or attribute-named <Data> elements.
    const items = Array.isArray(data)
      ? data
      : isObj(data) && Array.isArray(data['#text'])
        ? data['#text']
        : [data];
    let n = 0;
    for (const it of items) {
      n++;
      const name = attr(it, 'Name') ?? (isObj(it) ? it['@Name'] : undefined);
      const v = asString(isObj(it) ? textOf(it) : it) ?? '';
      if (drop && isPlaceholder(v)) continue;
      out[typeof name === 'string' ? name : `param${n}`] = v;
    }
    return;
  }
  for (const k in ed) {
    const v = ed[k];
    if (typeof v === 'string') {
      if (!(drop && isPlaceholder(v))) out[k] = v;
      continue;
    }
    if (k === '#attributes' || k === 'xmlns') continue;
    if (isObj(v) && !('#text' in v) && !('Value' in v)) {
      readDataObject(v, out, drop);
      continue;
    }
    const s = asString(textOf(v)) ?? '';
    if (!(drop && isPlaceholder(s))) out[k] = s;
  }
}

const isPlaceholder = (v: string) => v === '-' || v === '' || v === NULL_GUID;

function onlyDataKeys(ed: Obj): boolean {
  for (const k in ed) if (k !== 'Data' && k !== '#attributes') return false;
  return true;
}

function fromSystemAndData(sys: Obj, holder: Obj): WinEvent {
  const ev = emptyWinEvent();
  readSystem(sys, ev);
  const drop = familyOf(ev) === 'sysmon';
  ev.placeholdersDropped = drop;
  readDataObject(holder.EventData, ev.data, drop);
  if (holder.UserData !== undefined) readDataObject(holder.UserData, ev.data, drop);
  const msg =
    holder.Message ?? (isObj(holder.RenderingInfo) ? holder.RenderingInfo.Message : undefined);
  if (typeof msg === 'string') ev.message = msg;
  return ev;
}

// ---------- NXLog / OTRF flat records ----------

// NXLog's own metadata next to the flattened EventData; everything else is EventData.
const NXLOG_META = new Set([
  'EventTime',
  'EventReceivedTime',
  'Hostname',
  'host',
  'port',
  'SourceModuleName',
  'SourceModuleType',
  'Severity',
  'SeverityValue',
  'EventType',
  'Keywords',
  'Channel',
  'EventID',
  'SourceName',
  'ProviderGuid',
  'Version',
  'Task',
  'OpcodeValue',
  'Opcode',
  'RecordNumber',
  'ActivityID',
  'RelatedActivityID',
  'ThreadID',
  'ExecutionProcessID',
  'Category',
  'Domain',
  'AccountName',
  'UserID',
  'AccountType',
  'Message',
  '@timestamp',
  '@version',
  'tags',
  'ERROR_EVT_UNRESOLVED',
  'EventTypeOrignal',
]);

function fromNxlog(raw: Obj): WinEvent {
  const ev = emptyWinEvent();
  ev.channel = canonicalChannel(String(raw.Channel ?? ''));
  ev.provider = String(raw.SourceName ?? '');
  ev.eventId = num(raw.EventID);
  ev.computer = String(raw.Hostname ?? '');
  ev.recordId = str(raw.RecordNumber);
  ev.processId = num(raw.ExecutionProcessID);
  ev.threadId = num(raw.ThreadID);
  ev.userId = typeof raw.UserID === 'string' ? raw.UserID : null;
  ev.version = num(raw.Version);
  ev.task = str(raw.Category) ?? str(raw.Task);
  ev.opcode = str(raw.Opcode);
  ev.keywords = str(raw.Keywords);
  ev.level = str(raw.Severity);
  // Sysmon's UtcTime is the event time; NXLog's own three timestamps are only needed without it.
  const utc = ev.provider === 'Microsoft-Windows-Sysmon' ? parseTime(raw.UtcTime) : null;
  ev.time = utc ?? nxlogTime(raw);
  if (typeof raw.Message === 'string') ev.message = raw.Message;
  const data = ev.data;
  // Sysmon's placeholders are dropped here, saving winEventToEcs a second copy.
  const sysmon = utc !== null;
  ev.placeholdersDropped = sysmon;
  for (const k in raw) {
    if (NXLOG_META.has(k)) continue;
    const v = raw[k];
    const s = typeof v === 'string' ? v : (asString(v) ?? '');
    if (sysmon && isPlaceholder(s)) continue;
    data[k] = s;
  }
  // NXLog reuses `EventType` for its severity class and keeps Sysmon's under this name.
  if (typeof raw.EventTypeOrignal === 'string') ev.data.EventType = raw.EventTypeOrignal;
  return ev;
}

// NXLog writes EventTime in the collector's local time without a zone. The shipper's
// `@timestamp` (UTC) minus `EventReceivedTime` (local) gives that zone's offset, rounded to
// 15 minutes; without both, `@timestamp` (when the record was shipped) is the best there is.
function nxlogTime(raw: Obj): number | null {
  const shipped = parseTime(raw['@timestamp']);
  const local = parseTime(raw.EventTime);
  const received = parseTime(raw.EventReceivedTime);
  if (shipped !== null && local !== null && received !== null) {
    const q = 15 * 60_000;
    const offset = Math.round((shipped - received) / q) * q;
    return local + offset;
  }
  return shipped ?? local;
}

// ---------- EvtxECmd ----------

function fromEvtxECmd(raw: Obj): WinEvent {
  const ev = emptyWinEvent();
  ev.channel = canonicalChannel(String(raw.Channel ?? ''));
  ev.provider = String(raw.Provider ?? '');
  ev.eventId = num(raw.EventId ?? raw.EventID);
  ev.computer = String(raw.Computer ?? '');
  ev.recordId = str(raw.EventRecordId ?? raw.RecordNumber);
  ev.processId = num(raw.ProcessId);
  ev.threadId = num(raw.ThreadId);
  ev.userId = typeof raw.UserId === 'string' && raw.UserId ? raw.UserId : null;
  ev.level = str(raw.Level);
  ev.keywords = str(raw.Keywords);
  ev.time = parseTime(raw.TimeCreated);
  let payload: unknown;
  try {
    payload = JSON.parse(raw.Payload as string);
  } catch {
    payload = undefined;
  }
  if (isObj(payload)) {
    readEvtxECmdData(payload.EventData, ev.data);
    readEvtxECmdData(payload.UserData, ev.data);
  }
  return ev;
}

function readEvtxECmdData(ed: unknown, out: Record<string, string>): void {
  if (!isObj(ed)) return;
  const data = ed.Data;
  if (data === undefined) return readDataObject(ed, out);
  const items = Array.isArray(data) ? data : [data];
  let n = 0;
  for (const it of items) {
    n++;
    if (isObj(it)) {
      const name = typeof it['@Name'] === 'string' ? it['@Name'] : `param${n}`;
      out[name] = asString(it['#text']) ?? '';
    } else out[`param${n}`] = asString(it) ?? '';
  }
}

// ---------- Event XML ----------

export function fromEventXml(text: string): WinEvent {
  return fromEventNode(parseXmlElement(text));
}

/** An <Event> element read from XML text or from an .evtx file's binary XML. */
export function fromEventNode(root: XmlNode): WinEvent {
  if (root.name !== 'Event') throw new Error(`expected <Event>, found <${root.name}>`);
  const ev = emptyWinEvent();
  const sys = child(root, 'System');
  if (!sys) throw new Error('<Event> has no <System>');
  const t = (n: string) => {
    const c = child(sys, n);
    return c ? c.text.trim() : '';
  };
  ev.provider = child(sys, 'Provider')?.attrs.Name ?? '';
  ev.eventId = toNumber(t('EventID')) ?? null;
  ev.version = toNumber(t('Version')) ?? null;
  ev.level = t('Level') || null;
  ev.task = t('Task') || null;
  ev.opcode = t('Opcode') || null;
  ev.keywords = t('Keywords') || null;
  ev.time = parseTime(child(sys, 'TimeCreated')?.attrs.SystemTime);
  ev.recordId = t('EventRecordID') || null;
  const exec = child(sys, 'Execution');
  ev.processId = toNumber(exec?.attrs.ProcessID) ?? null;
  ev.threadId = toNumber(exec?.attrs.ThreadID) ?? null;
  ev.channel = canonicalChannel(t('Channel'));
  ev.computer = t('Computer');
  ev.userId = child(sys, 'Security')?.attrs.UserID || null;
  const ed = child(root, 'EventData');
  if (ed) {
    let n = 0;
    for (const d of ed.children) {
      n++;
      if (d.name === 'Data') ev.data[d.attrs.Name ?? `param${n}`] = d.text;
      else if (d.name === 'Binary') ev.data.Binary = d.text;
    }
  }
  const ud = child(root, 'UserData');
  if (ud) for (const c of ud.children) leaves(c, ev.data);
  const msg = child(child(root, 'RenderingInfo'), 'Message');
  if (msg) ev.message = msg.text;
  return ev;
}

function leaves(n: XmlNode, out: Record<string, string>): void {
  if (n.children.length === 0) {
    out[n.name] = n.text;
    return;
  }
  for (const c of n.children) leaves(c, out);
}

// ---------- PowerShell Get-WinEvent | ConvertTo-Json ----------

function fromPowerShell(raw: Obj): WinEvent {
  const ev = emptyWinEvent();
  ev.eventId = num(raw.Id);
  ev.provider = String(raw.ProviderName ?? '');
  ev.channel = canonicalChannel(String(raw.LogName ?? ''));
  ev.computer = String(raw.MachineName ?? '');
  ev.recordId = str(raw.RecordId);
  ev.processId = num(raw.ProcessId);
  ev.threadId = num(raw.ThreadId);
  const uid = isObj(raw.UserId) ? raw.UserId.Value : raw.UserId;
  ev.userId = typeof uid === 'string' && uid ? uid : null;
  ev.version = num(raw.Version);
  ev.level = str(raw.Level);
  ev.task = str(raw.Task);
  ev.opcode = str(raw.Opcode);
  ev.keywords = str(raw.Keywords);
  ev.time = parseTime(raw.TimeCreated);
  if (typeof raw.Message === 'string') ev.message = raw.Message;
  // At the default depth every property is the type name: nothing to name.
  const props = Array.isArray(raw.Properties)
    ? raw.Properties.filter((p) => typeof p !== 'string')
    : [];
  const values = props.map((p) => psValue(isObj(p) && 'Value' in p ? p.Value : p));
  const names =
    ev.eventId === null ? undefined : layoutFor(familyOf(ev), ev.eventId, values.length);
  values.forEach((v, i) => {
    ev.data[names?.[i] ?? `param${i + 1}`] = v;
  });
  return ev;
}

const BARE_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function psValue(v: unknown): string {
  if (isObj(v) && typeof v.Value === 'string') return v.Value; // SecurityIdentifier
  // ConvertTo-Json writes a [Guid] bare; the event log renders it in braces.
  if (typeof v === 'string' && v.length === 36 && BARE_GUID.test(v)) return `{${v}}`;
  if (typeof v === 'string' && v.startsWith('/Date(')) {
    const ms = parseTime(v);
    if (ms !== null) return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
  }
  return asString(v) ?? '';
}

/** Reads a Windows-event-shaped record; null for ECS and generic shapes. */
export function toWinEvent(raw: unknown, shape: Shape): WinEvent | null {
  if (!isObj(raw)) return null;
  switch (shape) {
    case 'evtx_dump': {
      const holder = isObj(raw.Event) ? (raw.Event as Obj) : raw;
      return fromSystemAndData(holder.System as Obj, holder);
    }
    case 'velociraptor':
      return fromSystemAndData(raw.System as Obj, raw);
    case 'otrf-nxlog':
      return fromNxlog(raw);
    case 'evtxecmd':
      return fromEvtxECmd(raw);
    case 'powershell':
    case 'powershell-shallow':
      return fromPowerShell(raw);
    case 'winlogbeat':
      return fromWinlogbeat(raw);
    default:
      return null;
  }
}
