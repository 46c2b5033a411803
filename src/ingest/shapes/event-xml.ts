// Windows Event XML (wevtutil, Event Viewer's "Save as XML", python-evtx): `<Event>` elements,
// recognised by the splitter before any JSON. The .evtx reader ends here too.
import { parseTime } from '../time.ts';
import { toNumber } from '../values.ts';
import { canonicalChannel, emptyWinEvent, type WinEvent } from '../winevent.ts';
import { child, parseXmlElement, type XmlNode } from '../xml.ts';
import { DataCollector } from './data-object.ts';
import type { ShapeDef } from './shape.ts';

export function fromEventXml(text: string): WinEvent {
  return fromEventNode(parseXmlElement(text));
}

const data = new DataCollector();

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
  data.reset();
  const ed = child(root, 'EventData');
  if (ed) {
    let n = 0;
    for (const d of ed.children) {
      n++;
      if (d.name === 'Data') data.add(d.attrs.Name ?? `param${n}`, d.text);
      else if (d.name === 'Binary') data.add('Binary', d.text);
    }
  }
  const ud = child(root, 'UserData');
  if (ud) for (const c of ud.children) leaves(c, data);
  ev.data = data.take();
  const msg = child(child(root, 'RenderingInfo'), 'Message');
  if (msg) ev.message = msg.text;
  return ev;
}

function leaves(n: XmlNode, out: DataCollector): void {
  if (n.children.length === 0) {
    out.add(n.name, n.text);
    return;
  }
  for (const c of n.children) leaves(c, out);
}

export const eventXml: ShapeDef<'event-xml'> = {
  id: 'event-xml',
  reason: 'Windows Event XML (`<Event>` elements with `<System>` and `<Data Name=…>`)',
};
