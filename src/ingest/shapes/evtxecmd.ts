// EvtxECmd (Eric Zimmerman) JSON: the header flat, the EventData as a JSON string in `Payload`.
import { parseTime } from '../time.ts';
import { asString } from '../values.ts';
import { canonicalChannel, emptyWinEvent, type WinEvent } from '../winevent.ts';
import { DataCollector } from './data-object.ts';
import { num, str } from './fields.ts';
import { isObj, type Obj, type ShapeDef } from './shape.ts';
import { readDataObject } from './system-data.ts';

const data = new DataCollector();

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
    data.reset();
    readEvtxECmdData(payload.EventData, data);
    readEvtxECmdData(payload.UserData, data);
    ev.data = data.take();
  }
  return ev;
}

function readEvtxECmdData(ed: unknown, out: DataCollector): void {
  if (!isObj(ed)) return;
  const data = ed.Data;
  if (data === undefined) return readDataObject(ed, out);
  const items = Array.isArray(data) ? data : [data];
  let n = 0;
  for (const it of items) {
    n++;
    if (isObj(it)) {
      const name = typeof it['@Name'] === 'string' ? it['@Name'] : `param${n}`;
      out.add(name, asString(it['#text']) ?? '');
    } else out.add(`param${n}`, asString(it) ?? '');
  }
}

export const evtxecmd: ShapeDef<'evtxecmd'> = {
  id: 'evtxecmd',
  reason: 'EvtxECmd JSON (`Payload` is a JSON string holding `EventData.Data[{@Name,#text}]`)',
  matches: (raw) => typeof raw.Payload === 'string' && 'EventId' in raw,
  read: fromEvtxECmd,
};
