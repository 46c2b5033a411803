// PowerShell's `Get-WinEvent | ConvertTo-Json`: the EventRecord's properties, its EventData as
// positional `Properties[].Value` named here from the event's manifest order.
import { parseTime } from '../time.ts';
import { asString } from '../values.ts';
import { canonicalChannel, emptyWinEvent, familyOf, type WinEvent } from '../winevent.ts';
import { num, str } from './fields.ts';
import { layoutFor } from './powershell-layouts/index.ts';
import { isObj, type Obj, type ShapeDef } from './shape.ts';

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

const isEventRecord = (raw: Obj) =>
  'Id' in raw && 'ProviderName' in raw && ('Properties' in raw || 'LogName' in raw);

// At its default depth (2) ConvertTo-Json writes each property as its type name.
const isShallow = (raw: Obj) => {
  const props = raw.Properties;
  return (
    typeof props === 'string' || (Array.isArray(props) && props.some((p) => typeof p === 'string'))
  );
};

export const powershellShallow: ShapeDef<'powershell-shallow'> = {
  id: 'powershell-shallow',
  reason:
    'PowerShell `Get-WinEvent | ConvertTo-Json` at its default depth: `Properties` holds only type names',
  matches: (raw) => isEventRecord(raw) && isShallow(raw),
  read: fromPowerShell,
};

export const powershell: ShapeDef<'powershell'> = {
  id: 'powershell',
  reason:
    'PowerShell `Get-WinEvent | ConvertTo-Json` (`Id`, `ProviderName`, positional `Properties[].Value`, `/Date(ms)/` times)',
  matches: isEventRecord,
  read: fromPowerShell,
};
