// python-evtx 0.6.1's XML of the corpus, read by the Event XML reader, with its known faults
// undone so that its values can be compared with ours. Its faults (not copied by our reader):
// - GUIDs in lower case (Windows, Winlogbeat and evtx_dump write them upper case);
// - HexInt32/64 zero-padded to 8/16 digits (`0x00000000000342ba`; Windows writes `0x342ba`);
// - booleans as Python's `True`/`False` (Windows: `true`/`false`);
// - binary as base64 (Windows: upper-case hex);
// - FILETIME values as `2020-07-03 08:44:00` (no zone, microseconds through a float:
//   `.4010000` written `.400999` in Persistence__persist_bitsadmin_…);
// - TimeCreated converted through a float: off by one millisecond now and then
//   (e.g. `.6669999` read as `.667` in Lateral_Movement__LM_dcom_shwnd_shbrwnd_mmc20_…);
// - control characters U+0001–U+001F dropped from values (Security 4673 PrivilegeList holds
//   raw bytes such as U+0002);
// - a string array written as `<string>a</string>\n<string>b</string>\n` inside one
//   <Data>, where Windows writes one <Data> per item (read as param1…N).
import { fromEventXml } from '../../../src/ingest/shapes.ts';
import type { WinEvent } from '../../../src/ingest/winevent.ts';

// eslint-disable-next-line no-control-regex -- exactly the characters python-evtx drops
const CONTROL = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F]/g;
const GUID = /^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/;
const HEX = /^0x[0-9a-f]+$/i;

/** Whether our value `ours` is what python-evtx wrote as `theirs`, its faults aside. */
export function sameValue(ours: unknown, theirs: unknown): boolean {
  if (ours === theirs) return true;
  if (typeof ours !== 'string' || typeof theirs !== 'string') return false;
  if (ours.replace(CONTROL, '') === theirs) return true;
  if (GUID.test(ours)) return ours.toLowerCase() === theirs;
  if (HEX.test(ours) && HEX.test(theirs)) return BigInt(ours) === BigInt(theirs);
  if (/^(true|false)$/.test(ours)) return theirs === (ours === 'true' ? 'True' : 'False');
  if (/^[0-9A-F]+$/.test(ours))
    return Buffer.from(theirs, 'base64').toString('hex').toUpperCase() === ours;
  if (/^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(ours) && /^\d{4}-\d\d-\d\d [\d:.]+$/.test(theirs))
    return Math.abs(Date.parse(ours) - Date.parse(theirs.replace(' ', 'T') + 'Z')) <= 1;
  return false;
}

const ITEMS = /^(<string>[\s\S]*?<\/string>\n)+$/;

/** One python-evtx <Event> as a WinEvent, string arrays split as Windows writes them. */
export function pythonEvent(xml: string): WinEvent {
  const ev = fromEventXml(xml);
  const first = ev.data.param1;
  if (first !== undefined && ITEMS.test(first)) {
    const items = [...first.matchAll(/<string>([\s\S]*?)<\/string>\n/g)].map((m) => m[1]);
    const rest = { ...ev.data };
    delete rest.param1;
    ev.data = { ...Object.fromEntries(items.map((v, i) => [`param${i + 1}`, v])), ...rest };
  }
  return ev;
}

export const eventElements = (xml: string): string[] =>
  xml.match(/<Event[\s>][\s\S]*?<\/Event>/g) ?? [];

const SYSTEM: Array<keyof WinEvent> = [
  'channel',
  'provider',
  'eventId',
  'computer',
  'recordId',
  'processId',
  'threadId',
  'version',
  'level',
  'task',
  'opcode',
  'keywords',
];

/** Every difference between our event and python-evtx's, as readable lines. */
export function differences(ours: WinEvent, theirs: WinEvent): string[] {
  const out: string[] = [];
  for (const k of SYSTEM)
    if (!sameValue(ours[k], theirs[k]))
      out.push(`${k}: ${JSON.stringify(ours[k])} vs ${JSON.stringify(theirs[k])}`);
  if ((ours.userId || null) !== (theirs.userId || null))
    out.push(`userId: ${ours.userId} vs ${theirs.userId}`);
  // python-evtx goes through a float: a millisecond either way.
  if ((ours.time === null) !== (theirs.time === null) || Math.abs(ours.time! - theirs.time!) > 1)
    out.push(`time: ${ours.time} vs ${theirs.time}`);
  const a = Object.keys(ours.data);
  const b = Object.keys(theirs.data);
  if (a.join('|') !== b.join('|')) out.push(`data names: ${a.join(',')} vs ${b.join(',')}`);
  for (const k of b)
    if (!sameValue(ours.data[k], theirs.data[k]))
      out.push(`data.${k}: ${JSON.stringify(ours.data[k])} vs ${JSON.stringify(theirs.data[k])}`);
  return out;
}
