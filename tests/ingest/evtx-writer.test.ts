// The test writer and the reader agree: synthetic events of every value type, written as a
// valid .evtx (templates, substitutions, CRCs) and read back exactly as written. The expected
// tree is built here from the writer's input text, never from the reader's rendering.
import { describe, expect, it } from 'vitest';
import type { XmlNode } from '../../src/ingest/xml.ts';
import * as v from '../../scripts/evtx-writer/values.ts';
import {
  writeEvtx,
  type WElement,
  type WTemplate,
  type WText,
} from '../../scripts/evtx-writer/writer.ts';
import { get, ingestBytes } from './helpers.ts';
import { readBytes } from './evtx/read.ts';

const sub = (n: number, optional = false): WText => ({ sub: n, optional });
const data = (name: string, n: number): WElement => ({
  name: 'Data',
  attrs: [['Name', name]],
  content: [sub(n)],
});

// Slots 0–11: the System header; 12 on: EventData, one Data per value type.
const SYSTEM: WElement = {
  name: 'System',
  content: [
    {
      name: 'Provider',
      attrs: [
        ['Name', 'Microsoft-Windows-Sysmon'],
        ['Guid', sub(0, true)],
      ],
    },
    { name: 'EventID', content: [sub(1)] },
    { name: 'Version', content: [sub(2)] },
    { name: 'Level', content: [sub(3)] },
    { name: 'Task', content: [sub(4)] },
    { name: 'Keywords', content: [sub(5)] },
    { name: 'TimeCreated', attrs: [['SystemTime', sub(6)]] },
    { name: 'EventRecordID', content: [sub(7)] },
    { name: 'Correlation', attrs: [['ActivityID', sub(8, true)]] },
    {
      name: 'Execution',
      attrs: [
        ['ProcessID', sub(9)],
        ['ThreadID', sub(10)],
      ],
    },
    { name: 'Channel', content: ['Microsoft-Windows-Sysmon/Operational'] },
    { name: 'Computer', content: [sub(11)] },
  ],
};

const TYPES = [
  'WString',
  'Ansi',
  'Int8',
  'UInt8',
  'Int16',
  'UInt16',
  'Int32',
  'UInt32',
  'Int64',
  'UInt64',
  'Real64',
  'Bool',
  'Binary',
  'Guid',
  'FileTime',
  'SysTime',
  'Sid',
  'HexInt32',
  'HexInt64',
  'Null',
];

const EVERY_TYPE: WTemplate = {
  id: 1,
  root: {
    name: 'Event',
    attrs: [['xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event']],
    content: [SYSTEM, { name: 'EventData', content: TYPES.map((t, i) => data(t, 12 + i)) }],
  },
};

// Classic events: a string array filling one <Data>, and UserData as nested binary XML.
const CLASSIC: WTemplate = {
  id: 2,
  root: {
    name: 'Event',
    content: [
      SYSTEM,
      { name: 'EventData', content: [{ name: 'Data', content: [sub(12)] }] },
      { name: 'UserData', content: [sub(13)] },
    ],
  },
};

// A small deterministic generator: the same file every run.
let seed = 12345;
const rnd = (n: number) => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const ALPHABET = 'abcXYZ019 \\:./-_<>&"\'é€漢😀\t';
const text = (max: number) => {
  let s = '';
  const n = rnd(max);
  while (s.length < n) s += [...ALPHABET][rnd([...ALPHABET].length)];
  return s;
};
const hexGuid = () =>
  '{' +
  [8, 4, 4, 4, 12]
    .map((n) => Array.from({ length: n }, () => '0123456789ABCDEF'[rnd(16)]).join(''))
    .join('-') +
  '}';
const fileTimeText = () =>
  new Date(Date.UTC(2000 + rnd(30), rnd(12), 1 + rnd(28), rnd(24), rnd(60), rnd(60), rnd(1000)))
    .toISOString()
    .slice(0, 23) +
  String(rnd(10000)).padStart(4, '0') +
  'Z';

function systemValues(i: number, id: number): v.WValue[] {
  return [
    i % 3 === 0 ? v.nul() : v.guid(hexGuid()),
    v.u16(id),
    v.u8(rnd(6)),
    v.u8(4),
    v.u16(rnd(100)),
    v.hex64(0x8000000000000000n | BigInt(rnd(1000))),
    v.filetime(fileTimeText()),
    v.uint64(BigInt(1000 + i)),
    i % 2 === 0 ? v.nul() : v.guid(hexGuid()),
    v.u32(rnd(70000)),
    v.u32(rnd(70000)),
    v.wstr(`HOST-${rnd(5)}.example.test`),
  ];
}

function everyType(i: number): v.WValue[] {
  return [
    ...systemValues(i, 1),
    v.wstr(text(i % 10 === 0 ? 400 : 40)),
    v.ansi('ansi text ' + rnd(100)),
    v.i8(rnd(256) - 128),
    v.u8(rnd(256)),
    v.i16(rnd(65536) - 32768),
    v.u16(rnd(65536)),
    v.i32(rnd(2 ** 31) - 2 ** 30),
    v.u32(rnd(2 ** 31) * 2),
    v.i64(-BigInt(rnd(2 ** 31)) * 123456789n),
    v.uint64(BigInt(rnd(2 ** 31)) * 4294967311n),
    v.real64(rnd(100000) / 7),
    v.bool(rnd(2) === 1),
    v.binary(Uint8Array.from({ length: rnd(20) + 1 }, () => rnd(256))),
    v.guid(hexGuid()),
    v.filetime(fileTimeText()),
    v.systemtime(
      new Date(
        Date.UTC(2020, rnd(12), 1 + rnd(28), rnd(24), rnd(60), rnd(60), rnd(1000)),
      ).toISOString(),
    ),
    v.sid(`S-1-5-21-${rnd(2 ** 31)}-${rnd(2 ** 31)}-${rnd(2 ** 31)}-${1000 + rnd(100)}`),
    v.hex32(rnd(2 ** 31)),
    v.hex64(BigInt(rnd(2 ** 31)) << BigInt(rnd(32))),
    v.nul(),
  ];
}

function classic(i: number): v.WValue[] {
  const items = Array.from({ length: 1 + rnd(4) }, () => text(20));
  return [
    ...systemValues(i, 15281),
    v.wstrArray(items),
    v.binxml({
      name: 'LogFileCleared',
      attrs: [['xmlns', 'http://manifests.microsoft.com/win/2004/08/windows/eventlog']],
      content: [
        { name: 'SubjectUserName', content: [`user${i}`] },
        { name: 'SubjectDomainName', content: ['CORP'] },
      ],
    }),
  ];
}

/** What the reader must produce, from the template and the writer's input text. */
function expected(el: WElement, values: v.WValue[]): XmlNode[] {
  const content = el.content ?? [];
  const only = content.length === 1 ? content[0] : undefined;
  const attrs: Record<string, string> = {};
  for (const [name, t] of el.attrs ?? []) {
    if (typeof t === 'string') attrs[name] = t;
    else if (values[t.sub].text !== null) attrs[name] = values[t.sub].text!;
    else if (!t.optional) attrs[name] = '';
  }
  if (only && typeof only === 'object' && 'sub' in only) {
    const val = values[only.sub] as v.WValue & { items?: string[] };
    if (val.items) return val.items.map((s) => ({ name: el.name, attrs, children: [], text: s }));
  }
  const node: XmlNode = { name: el.name, attrs, children: [], text: '' };
  for (const c of content) {
    if (typeof c === 'string') node.text += c;
    else if ('name' in c) node.children.push(...expected(c, values));
    else {
      const val = values[c.sub];
      if (val.tree) node.children.push(...expected(val.tree, []));
      else node.text += val.text ?? '';
    }
  }
  return [node];
}

describe('the .evtx test writer and the reader', () => {
  const events = Array.from({ length: 3000 }, (_, i) =>
    i % 4 === 3
      ? { template: CLASSIC, values: classic(i) }
      : { template: EVERY_TYPE, values: everyType(i) },
  );
  const bytes = writeEvtx(events);

  it('reads back exactly what was written, across many chunks', async () => {
    const { records, problems, stats } = await readBytes(bytes, 10_000);
    expect(problems).toEqual([]);
    expect(stats.chunks).toBe((bytes.length - 4096) / 65536);
    expect(stats.chunks).toBeGreaterThan(10);
    expect(records.length).toBe(events.length);
    records.forEach((r, i) => {
      expect(r.id).toBe(String(i + 1));
      expect(r.event).toEqual(expected(events[i].template.root, events[i].values)[0]);
    });
  });

  it('goes through ingest like any .evtx: mapped, no errors', async () => {
    const { docs, diag } = await ingestBytes('synthetic.evtx', bytes);
    expect(diag.errors).toEqual([]);
    expect(diag.evtx).toMatchObject({ records: 3000, damagedChunks: 0, damagedRecords: 0 });
    const classicDoc = docs[3];
    expect(get(classicDoc, 'winlog.event_data.param1')).toBeTypeOf('string');
    expect(get(classicDoc, 'winlog.event_data.SubjectUserName')).toBe('user3');
  });
});
