// NXLog's im_msvistalog records, as the OTRF Security-Datasets keep them: flat, the EventData
// at the top level next to NXLog's own metadata.
import { parseTime } from '../time.ts';
import { asString } from '../values.ts';
import { canonicalChannel, emptyWinEvent, type WinEvent } from '../winevent.ts';
import { DataCollector } from './data-object.ts';
import { isPlaceholder, num, str } from './fields.ts';
import type { Obj, ShapeDef } from './shape.ts';

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

const data = new DataCollector();

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
  ev.timeIsUtcTime = utc !== null;
  if (typeof raw.Message === 'string') ev.message = raw.Message;
  // Sysmon's placeholders are dropped here, saving winEventToEcs a second copy.
  const sysmon = utc !== null;
  ev.placeholdersDropped = sysmon;
  data.reset();
  for (const k in raw) {
    if (NXLOG_META.has(k)) continue;
    const v = raw[k];
    const s = typeof v === 'string' ? v : (asString(v) ?? '');
    if (sysmon && isPlaceholder(s)) continue;
    data.add(k, s);
  }
  // NXLog reuses `EventType` for its severity class and keeps Sysmon's under this name.
  if (typeof raw.EventTypeOrignal === 'string') data.add('EventType', raw.EventTypeOrignal);
  ev.data = data.take();
  return ev;
}

// NXLog writes EventTime in the collector's local time without a zone. The shipper's
// `@timestamp` (UTC) minus `EventReceivedTime` (local) gives that zone's offset, rounded to
// 15 minutes; without both, `@timestamp` (when the record was shipped) is the best there is.
function nxlogTime(raw: Obj): number | null {
  const shipped = SHIPPED.parse(raw['@timestamp']);
  const local = LOCAL.parse(raw.EventTime);
  const received = RECEIVED.parse(raw.EventReceivedTime);
  if (shipped !== null && local !== null && received !== null) {
    const q = 15 * 60_000;
    const offset = Math.round((shipped - received) / q) * q;
    return local + offset;
  }
  return shipped ?? local;
}

// NXLog's times have one-second steps (its shipper's `@timestamp` repeats per batch), so
// consecutive records mostly carry the same texts: each is parsed once per change.
class LastTime {
  private text = '';
  private ms: number | null = null;
  parse(v: unknown): number | null {
    if (typeof v !== 'string') return parseTime(v);
    if (v !== this.text) {
      this.ms = parseTime(v);
      this.text = v;
    }
    return this.ms;
  }
}
const SHIPPED = new LastTime();
const LOCAL = new LastTime();
const RECEIVED = new LastTime();

export const nxlog: ShapeDef<'otrf-nxlog'> = {
  id: 'otrf-nxlog',
  reason:
    'NXLog / OTRF flat records (`EventID`, `Channel`, `SourceName` and the EventData at the top level; `Hostname` is the endpoint, `host` the collector)',
  matches: (raw) => 'EventID' in raw && ('Channel' in raw || 'SourceName' in raw),
  read: fromNxlog,
};
