// The `System` and `EventData`/`UserData` objects that evtx_dump and Velociraptor copy from
// the event's XML (and EvtxECmd's payload falls back to), read into a WinEvent.
import { parseTime } from '../time.ts';
import { asString } from '../values.ts';
import { canonicalChannel, emptyWinEvent, familyOf, type WinEvent } from '../winevent.ts';
import { DataCollector } from './data-object.ts';
import { attr, isPlaceholder, num, str, textOf } from './fields.ts';
import { isObj, type Obj } from './shape.ts';

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
export function readDataObject(ed: unknown, out: DataCollector, drop = false): void {
  if (ed === null || ed === undefined) return;
  if (!isObj(ed)) {
    const s = asString(ed);
    if (s) out.add('param1', s);
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
      out.add(typeof name === 'string' ? name : `param${n}`, v);
    }
    return;
  }
  for (const k in ed) {
    const v = ed[k];
    if (typeof v === 'string') {
      if (!(drop && isPlaceholder(v))) out.add(k, v);
      continue;
    }
    if (k === '#attributes' || k === 'xmlns') continue;
    if (isObj(v) && !('#text' in v) && !('Value' in v)) {
      readDataObject(v, out, drop);
      continue;
    }
    const s = asString(textOf(v)) ?? '';
    if (!(drop && isPlaceholder(s))) out.add(k, s);
  }
}

function onlyDataKeys(ed: Obj): boolean {
  for (const k in ed) if (k !== 'Data' && k !== '#attributes') return false;
  return true;
}

const data = new DataCollector();

/** `holder` carries EventData, UserData and the rendered message next to `sys`. */
export function fromSystemAndData(sys: Obj, holder: Obj): WinEvent {
  const ev = emptyWinEvent();
  readSystem(sys, ev);
  const drop = familyOf(ev) === 'sysmon';
  ev.placeholdersDropped = drop;
  data.reset();
  readDataObject(holder.EventData, data, drop);
  if (holder.UserData !== undefined) readDataObject(holder.UserData, data, drop);
  ev.data = data.take();
  const msg =
    holder.Message ?? (isObj(holder.RenderingInfo) ? holder.RenderingInfo.Message : undefined);
  if (typeof msg === 'string') ev.message = msg;
  return ev;
}
