// A record's binary XML read straight into the Windows event (System, EventData, UserData),
// and with `keepText` into its XML text, without the XmlNode tree in between: building and
// then walking a tree of ~30 nodes per record cost as much as reading the record itself.
//
// The walk is instance.ts's `instantiate`, step for step: the same parts in the same order,
// the same values rendered, the same budget spent, so the same records fail with the same
// message. What it keeps is what `fromEventNode` reads from the tree (the first <System>,
// its first <EventID>, …, every child of the first <EventData>, the leaves of the first
// <UserData>) and what `renderXml` writes; tests/ingest/evtx-direct.test.ts holds it equal.
import { parseTime } from '../time.ts';
import { toNumber } from '../values.ts';
import { canonicalChannel, emptyWinEvent, type WinEvent } from '../winevent.ts';
import type { BinXmlParser, Element, Part, Values } from './binxml.ts';
import { attributeValue, budget, MAX_NESTING, spend } from './instance.ts';
import { DataShapes } from './data-shape.ts';
import type { RecordBuilder } from './record.ts';
import { EvtxFormatError, renderArray, renderValue, ValueType } from './value-types.ts';

/** One record read directly: its Windows event and, when asked for, its <Event> XML text. */
export interface DirectEvent {
  /** null when the <Event> has no <System> (the tree path's fromEventNode throws then). */
  win: WinEvent | null;
  xml: string | null;
}

export const NO_SYSTEM = '<Event> has no <System>';

// What an element is to fromEventNode, from its parent's role and its name.
const enum Role {
  Ignore,
  Root,
  Event,
  System,
  Field,
  Provider,
  TimeCreated,
  Execution,
  Security,
  EventData,
  EventDataChild,
  UserData,
  UserDataElement,
  RenderingInfo,
  Message,
}

// The System children fromEventNode reads as text, in the order of `Reading.fields`.
const FIELDS = new Map(
  [
    'EventID',
    'Version',
    'Level',
    'Task',
    'Opcode',
    'Keywords',
    'EventRecordID',
    'Channel',
    'Computer',
  ].map((n, i) => [n, i]),
);
const [EVENT_ID, VERSION, LEVEL, TASK, OPCODE, KEYWORDS, RECORD_ID, CHANNEL, COMPUTER] = [
  0, 1, 2, 3, 4, 5, 6, 7, 8,
];

const SPECIAL = /[<>&"]/;
// renderXml's escaping.
const escape = (s: string) =>
  SPECIAL.test(s)
    ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
    : s;

export class DirectReader {
  private parser!: BinXmlParser;
  private values: Values | null = null;
  // Per open element, by depth (0 is the fragment's root): role, own text, child elements,
  // the attributes a role needs, its number among <EventData>'s children, XML state.
  private readonly roles: Role[] = [];
  private readonly texts: string[] = [];
  private readonly kids: number[] = [];
  private readonly attr1: Array<string | undefined> = [];
  private readonly attr2: Array<string | undefined> = [];
  private readonly nums: number[] = [];
  private readonly opened: boolean[] = [];

  // The record read so far.
  private rootName: string | null = null;
  private seen = 0;
  private readonly fields: Array<string | undefined> = new Array<string | undefined>(9);
  private provider: string | undefined;
  private systemTime: string | undefined;
  private processId: string | undefined;
  private threadId: string | undefined;
  private userId: string | undefined;
  private message: string | undefined;
  private hasMessage = false;
  // <EventData>'s names and values in order, made into one object at the end (data-shape.ts).
  private readonly dataKeys: string[] = [];
  private readonly dataVals: string[] = [];
  private dataN = 0;
  private readonly shapes = new DataShapes();
  private dataCount = 0;
  private userData: string[] = [];

  // The XML text: written only inside the fragment's first element, as renderXml does.
  private out: string[] | null = null;
  private writing = false;

  constructor(private readonly keepText: boolean) {}

  readonly build: RecordBuilder<DirectEvent> = (parser, parts) => {
    this.parser = parser;
    this.start();
    budget.parts = 0;
    budget.chars = 0;
    this.roles[0] = Role.Root;
    this.texts[0] = '';
    this.kids[0] = 0;
    this.walk(parts, null, 0, 0);
    const name = this.rootName;
    if (name === null) return 'its binary XML holds no element';
    if (name !== 'Event') return `its binary XML holds <${name}>, not <Event>`;
    const xml = this.out ? this.out.join('') : null;
    this.out = null;
    return { win: this.seen & SEEN_SYSTEM ? this.winEvent() : null, xml };
  };

  private start(): void {
    this.rootName = null;
    this.seen = 0;
    this.fields.fill(undefined);
    this.provider = undefined;
    this.systemTime = undefined;
    this.processId = undefined;
    this.threadId = undefined;
    this.userId = undefined;
    this.message = undefined;
    this.hasMessage = false;
    this.dataN = 0;
    this.dataCount = 0;
    this.userData.length = 0;
    this.out = this.keepText ? [] : null;
    this.writing = false;
  }

  // fromEventNode's reading, from the pieces the walk kept.
  private winEvent(): WinEvent {
    const f = this.fields;
    const t = (i: number) => {
      const s = f[i];
      return s === undefined ? '' : s.trim();
    };
    const ev = emptyWinEvent();
    ev.provider = this.seen & SEEN_PROVIDER ? (this.provider ?? '') : '';
    ev.eventId = toNumber(t(EVENT_ID)) ?? null;
    ev.version = toNumber(t(VERSION)) ?? null;
    ev.level = t(LEVEL) || null;
    ev.task = t(TASK) || null;
    ev.opcode = t(OPCODE) || null;
    ev.keywords = t(KEYWORDS) || null;
    ev.time = parseTime(this.systemTime);
    ev.recordId = t(RECORD_ID) || null;
    ev.processId = toNumber(this.processId) ?? null;
    ev.threadId = toNumber(this.threadId) ?? null;
    ev.channel = canonicalChannel(t(CHANNEL));
    ev.computer = t(COMPUTER);
    ev.userId = this.userId || null;
    const ud = this.userData;
    for (let i = 0; i < ud.length; i += 2) this.setData(ud[i], ud[i + 1]);
    ev.data = this.shapes.make(this.dataKeys, this.dataVals, this.dataN);
    if (this.hasMessage) ev.message = this.message ?? '';
    return ev;
  }

  /** instantiate(): `parts` with `values` into the element open at depth `d`. */
  private walk(parts: Part[], values: Values | null, d: number, nesting: number): void {
    if (nesting > MAX_NESTING)
      throw new EvtxFormatError(`binary XML values nested more than ${MAX_NESTING} deep`);
    spend(parts.length, 0);
    const parser = this.parser;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (typeof part === 'string') {
        this.texts[d] += part;
        continue;
      }
      switch (part.kind) {
        case 'element':
          if (values && this.repeatsPerItem(part, values, d)) break;
          this.open(part, values, d, null);
          this.walk(part.content, values, d + 1, nesting);
          this.close(part, d + 1);
          break;
        case 'instance':
          this.walk(part.template.parts, part.values, d, nesting + 1);
          break;
        default: {
          if (!values || part.index >= values.count) break;
          const type = values.types[part.index];
          const size = values.sizes[part.index];
          const o = values.offsets[part.index];
          if (type === ValueType.Null || size === 0) break;
          if (type === ValueType.BinXml) {
            const { parts: inner } = parser.fragment(o, o + size, nesting);
            this.walk(inner, null, d, nesting + 1);
          } else {
            const t = renderValue(parser.b, parser.dv, type, o, size);
            spend(0, t.length);
            this.texts[d] += t;
          }
        }
      }
    }
  }

  // instance.ts's repeatsPerItem: an element whose whole content is one array value is one
  // element per item.
  private repeatsPerItem(el: Element, values: Values, d: number): boolean {
    if (el.content.length !== 1) return false;
    const sub = el.content[0];
    if (typeof sub === 'string' || sub.kind !== 'sub' || sub.index >= values.count) return false;
    const type = values.types[sub.index];
    if (!(type & ValueType.ArrayFlag)) return false;
    const parser = this.parser;
    const o = values.offsets[sub.index];
    const items = renderArray(parser.b, parser.dv, type & 0x7f, o, values.sizes[sub.index]);
    spend(items.length, values.sizes[sub.index]);
    for (const item of items) {
      this.open(el, values, d, item);
      this.close(el, d + 1);
    }
    return true;
  }

  /** Opens `el` at depth d + 1 with its attributes; `text` for a repeated array item. */
  private open(el: Element, values: Values | null, d: number, text: string | null): void {
    const c = d + 1;
    const role = this.roleOf(this.roles[d], el.name, d);
    this.roles[c] = role;
    this.texts[c] = text ?? '';
    this.kids[c] = 0;
    this.kids[d]++;
    this.attr1[c] = undefined;
    this.attr2[c] = undefined;
    if (role === Role.EventDataChild) this.nums[c] = ++this.dataCount;
    const out = this.writing ? this.out : null;
    if (out) {
      if (!this.opened[d]) {
        out.push('>');
        this.opened[d] = true;
      }
      this.opened[c] = false;
      out.push(el.open);
    } else if (this.out && d === 0 && this.kids[0] === 1) {
      this.writing = true;
      this.opened[c] = false;
      this.out.push(el.open);
    }
    const attrs = el.attrs;
    if (attrs.length === 0) return;
    const writing = this.writing;
    // renderXml walks the element's attribute object: when names repeat (or would be
    // reordered or dropped by an object), build one and follow it.
    const obj: Record<string, string> | null = writing && !el.plainAttrs ? {} : null;
    for (const a of attrs) {
      const v = attributeValue(this.parser, a.parts, values);
      if (v === null) continue;
      this.attribute(role, a.name, v, c);
      if (obj) obj[a.name] = v;
      else if (writing && a.name !== '__proto__') this.out!.push(a.lead, escape(v), '"');
    }
    if (obj) for (const k in obj) this.out!.push(' ', k, '="', escape(obj[k]), '"');
  }

  private setData(key: string, value: string): void {
    this.dataKeys[this.dataN] = key;
    this.dataVals[this.dataN++] = value;
  }

  private attribute(role: Role, name: string, v: string, c: number): void {
    switch (role) {
      case Role.Provider:
      case Role.EventDataChild:
        if (name === 'Name') this.attr1[c] = v;
        break;
      case Role.TimeCreated:
        if (name === 'SystemTime') this.attr1[c] = v;
        break;
      case Role.Execution:
        if (name === 'ProcessID') this.attr1[c] = v;
        else if (name === 'ThreadID') this.attr2[c] = v;
        break;
      case Role.Security:
        if (name === 'UserID') this.attr1[c] = v;
        break;
    }
  }

  private close(el: Element, c: number): void {
    const name = el.name;
    const text = this.texts[c];
    switch (this.roles[c]) {
      case Role.Field:
        this.fields[this.nums[c]] = text;
        break;
      case Role.Provider:
        this.provider = this.attr1[c];
        break;
      case Role.TimeCreated:
        this.systemTime = this.attr1[c];
        break;
      case Role.Execution:
        this.processId = this.attr1[c];
        this.threadId = this.attr2[c];
        break;
      case Role.Security:
        this.userId = this.attr1[c];
        break;
      case Role.EventDataChild:
        if (name === 'Data') this.setData(this.attr1[c] ?? `param${this.nums[c]}`, text);
        else if (name === 'Binary') this.setData('Binary', text);
        break;
      case Role.UserDataElement:
        if (this.kids[c] === 0) this.userData.push(name, text);
        break;
      case Role.Message:
        this.message = text;
        break;
    }
    if (!this.writing) return;
    const out = this.out!;
    if (!this.opened[c]) {
      if (text === '') out.push('/>');
      else out.push('>', escape(text), el.close);
    } else out.push(escape(text), el.close);
    if (c === 1) this.writing = false;
  }

  // fromEventNode reads the first child of each name (`child()`), all of <EventData>'s
  // children and every element under <UserData>.
  private roleOf(parent: Role, name: string, d: number): Role {
    switch (parent) {
      case Role.Root:
        if (this.rootName !== null) return Role.Ignore;
        this.rootName = name;
        return name === 'Event' && d === 0 ? Role.Event : Role.Ignore;
      case Role.Event:
        if (name === 'System') return this.first(SEEN_SYSTEM, Role.System);
        if (name === 'EventData') return this.first(SEEN_EVENT_DATA, Role.EventData);
        if (name === 'UserData') return this.first(SEEN_USER_DATA, Role.UserData);
        if (name === 'RenderingInfo') return this.first(SEEN_RENDERING, Role.RenderingInfo);
        return Role.Ignore;
      case Role.System: {
        const i = FIELDS.get(name);
        if (i !== undefined) {
          if (this.seen & (SEEN_FIELD << i)) return Role.Ignore;
          this.seen |= SEEN_FIELD << i;
          this.nums[d + 1] = i;
          return Role.Field;
        }
        if (name === 'Provider') return this.first(SEEN_PROVIDER, Role.Provider);
        if (name === 'TimeCreated') return this.first(SEEN_TIME, Role.TimeCreated);
        if (name === 'Execution') return this.first(SEEN_EXECUTION, Role.Execution);
        if (name === 'Security') return this.first(SEEN_SECURITY, Role.Security);
        return Role.Ignore;
      }
      case Role.EventData:
        return Role.EventDataChild;
      case Role.UserData:
      case Role.UserDataElement:
        return Role.UserDataElement;
      case Role.RenderingInfo:
        if (name === 'Message') {
          const r = this.first(SEEN_MESSAGE, Role.Message);
          if (r === Role.Message) this.hasMessage = true;
          return r;
        }
        return Role.Ignore;
      default:
        return Role.Ignore;
    }
  }

  private first(bit: number, role: Role): Role {
    if (this.seen & bit) return Role.Ignore;
    this.seen |= bit;
    return role;
  }
}

const SEEN_SYSTEM = 1 << 0;
const SEEN_EVENT_DATA = 1 << 1;
const SEEN_USER_DATA = 1 << 2;
const SEEN_RENDERING = 1 << 3;
const SEEN_MESSAGE = 1 << 4;
const SEEN_PROVIDER = 1 << 5;
const SEEN_TIME = 1 << 6;
const SEEN_EXECUTION = 1 << 7;
const SEEN_SECURITY = 1 << 8;
/** Bits SEEN_FIELD << 0 … << 8: the System text fields (FIELDS). */
const SEEN_FIELD = 1 << 9;
