// Generated inputs for the readers: raw bytes, real fixtures mutated byte by byte, records of
// every recognized shape with hostile values, laid out in every container, encoding and
// compression the readers accept — and those containers corrupted. All synthetic.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { gzipSync, zipSync } from 'fflate';
import { concat } from '../../src/ingest/bytes.ts';

const dir = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
const utf8 = new TextEncoder();

/** Every ingest fixture and the services' NDJSON fixtures, as bytes. */
export const FIXTURES: Uint8Array[] = [
  ...readdirSync(dir('../fixtures/ingest/'))
    .filter((f) => f !== 'README.md')
    .map((f) => readFileSync(dir(`../fixtures/ingest/${f}`))),
  ...['hostile-positive.ndjson', 'malformed.ndjson', 'winrm-positive.ndjson'].map((f) =>
    readFileSync(dir(`../fixtures/services/${f}`)),
  ),
].map((b) => new Uint8Array(b));

/** The fixtures' JSON records, as objects to poke hostile values into. */
const RECORDS: unknown[] = FIXTURES.flatMap((bytes) => {
  const text = new TextDecoder().decode(bytes);
  const out: unknown[] = [];
  for (const line of text.split('\n'))
    try {
      const v: unknown = JSON.parse(line);
      if (typeof v === 'object' && v !== null) out.push(v);
    } catch {
      // pretty-printed and XML fixtures are mutated as bytes instead
    }
  return out;
});

// Bytes that steer the readers: structure, markers, escapes, encodings' troublemakers.
const TOKENS = [
  '{',
  '}',
  '[',
  ']',
  '"',
  '\\',
  '\\"',
  ',',
  ':',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '\u0000',
  '\ufeff',
  '<',
  '>',
  '/>',
  '<Event>',
  '</Event>',
  '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
  '<Data Name="a">',
  '</Data>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '&amp;',
  '&#x110000;',
  '&#xD800;',
  '&#99999999999;',
  '&bogus;',
  'Record 1\n',
  'Record ',
  '"EventID":',
  '"System":{',
  '"@timestamp":',
  '"hits":{"hits":[',
  '"_source":{',
  '1e400',
  '-0',
  '"+275760-09-13T00:00:00.001Z"',
  '"/Date(99999999999999999)/"',
  '"0xFFFFFFFFFFFFFFFFFF"',
  '\u00e9',
  '\ud83d\ude00',
  '\ud800',
  '\u2028',
].map((t) => utf8.encode(t));

const byteMutation = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    token: fc.nat(TOKENS.length - 1),
  }),
  fc.record({
    kind: fc.constant('delete' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 64 }),
  }),
  fc.record({
    kind: fc.constant('duplicate' as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 200 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type ByteMutation = typeof byteMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateBytes(input: Uint8Array, steps: ByteMutation[]): Uint8Array {
  let b = input;
  for (const m of steps) {
    const at = m.at % (b.length + 1);
    if (m.kind === 'flip') {
      if (b.length === 0) continue;
      b = b.slice();
      b[at % b.length] = m.byte;
    } else if (m.kind === 'insert') b = join(b.subarray(0, at), TOKENS[m.token], b.subarray(at));
    else if (m.kind === 'delete') b = join(b.subarray(0, at), b.subarray(at + m.length));
    else if (m.kind === 'duplicate')
      b = join(
        b.subarray(0, at + m.length),
        b.subarray(at, at + m.length),
        b.subarray(at + m.length),
      );
    else b = b.slice(0, at);
  }
  return b;
}

const join = (...parts: Uint8Array[]): Uint8Array => concat(parts);

const mutations = fc.array(byteMutation, { minLength: 1, maxLength: 6 });

export const mutatedFixture: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.nat(FIXTURES.length - 1), mutations)
  .map(([i, steps]) => mutateBytes(FIXTURES[i], steps));

// Keys the shape detection and the mappers look at, so generated objects reach them.
const KEYS = [
  'System',
  'EventID',
  'EventId',
  'Event',
  'EventData',
  'UserData',
  'Data',
  'Payload',
  '_source',
  '_index',
  '_id',
  'hits',
  'Id',
  'ProviderName',
  'Properties',
  'LogName',
  'Channel',
  'SourceName',
  'Hostname',
  'EventTime',
  'EventReceivedTime',
  '@timestamp',
  'event',
  'winlog',
  'host',
  'agent',
  'ecs',
  'TimeCreated',
  'SystemTime',
  '#attributes',
  '#text',
  'Value',
  'Computer',
  'UtcTime',
  'event.code',
  'winlog.channel',
  'host.name',
  'ProcessId',
  'Image',
  'CommandLine',
  'MachineName',
  'RecordId',
  'EventRecordID',
  'Message',
  'Provider',
  'Name',
  'Execution',
  'Security',
  'UserID',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '',
];
const VALUES = [
  '2024-01-01T00:00:00Z',
  '2024-01-01 00:00:00.000',
  '/Date(1700000000000)/',
  '/Date(-99999999999999999)/',
  '0x58',
  '-',
  '',
  'Microsoft-Windows-Sysmon/Operational',
  'Security',
  'Microsoft-Windows-Sysmon',
  'System.Diagnostics.Eventing.Reader.EventProperty',
  '+275760-09-13T00:00:00.001Z',
  '1e400',
  'NaN',
  'S-1-5-18',
  '::ffff:10.0.0.1',
  'C:\\Windows\\System32\\cmd.exe "a b" c',
  '%%14592',
  '4688',
  '1',
];

const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 53, 8.64e15 + 1, -8.64e15 - 1, 1e300, 253402300800),
  fc.boolean(),
  fc.constant(null),
);

const { shaped } = fc.letrec<{ shaped: Record<string, unknown>; value: unknown }>((tie) => ({
  shaped: fc.dictionary(
    fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 6 })),
    tie('value'),
    {
      maxKeys: 8,
    },
  ),
  value: fc.oneof(
    { depthSize: 'small' },
    leaf,
    tie('shaped'),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
}));

// A real record with a few values replaced: reaches deep into the mappers of each shape.
const poked: fc.Arbitrary<unknown> = fc
  .tuple(
    fc.nat(Math.max(0, RECORDS.length - 1)),
    fc.array(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 5 }), fc.oneof(leaf, shaped)), {
      minLength: 1,
      maxLength: 4,
    }),
  )
  .map(([i, pokes]) => {
    const copy = structuredClone(RECORDS[i]) as Record<string, unknown>;
    for (const [path, value] of pokes) poke(copy, path, value);
    return copy;
  });

function poke(obj: Record<string, unknown>, path: number[], value: unknown): void {
  let o: Record<string, unknown> = obj;
  for (let d = 0; d < path.length; d++) {
    const keys = Object.keys(o);
    if (keys.length === 0) return;
    const k = keys[path[d] % keys.length];
    const next = o[k];
    if (d === path.length - 1 || typeof next !== 'object' || next === null) {
      o[k] = value;
      return;
    }
    o = next as Record<string, unknown>;
  }
}

export const record: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: poked },
  { weight: 2, arbitrary: shaped },
  { weight: 1, arbitrary: fc.jsonValue() },
);

// Event XML with hostile text, entities and names.
const xmlText = fc.oneof(
  fc.string({ maxLength: 16 }),
  fc.constantFrom(
    '&lt;&amp;&gt;',
    '&#x41;',
    '&#x110000;',
    '&#0;',
    '<![CDATA[<x>]]>',
    'True',
    'False',
    '2024-01-01 00:00:00.123456',
  ),
);
const xmlData = fc.array(fc.tuple(fc.string({ maxLength: 8 }), xmlText), { maxLength: 5 });
export const eventXml: fc.Arbitrary<string> = fc
  .array(
    fc.record({
      provider: xmlText,
      id: fc.oneof(fc.integer(), xmlText),
      time: xmlText,
      computer: xmlText,
      channel: fc.oneof(
        xmlText,
        fc.constantFrom('Security', 'Microsoft-Windows-Sysmon/Operational'),
      ),
      data: xmlData,
      user: fc.boolean(),
    }),
    { maxLength: 4 },
  )
  .map(
    (events) =>
      '<?xml version="1.0"?><Events>' +
      events
        .map(
          (e) =>
            `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="${e.provider}"/>` +
            `<EventID>${e.id}</EventID><TimeCreated SystemTime="${e.time}"/><Computer>${e.computer}</Computer>` +
            `<Channel>${e.channel}</Channel></System>` +
            (e.user
              ? `<UserData><X>${e.data.map(([k, v]) => `<${k || 'a'}>${v}</${k || 'a'}>`).join('')}</X></UserData>`
              : `<EventData>${e.data.map(([k, v]) => `<Data Name="${k}">${v}</Data>`).join('')}</EventData>`) +
            '</Event>\n',
        )
        .join('') +
      '</Events>',
  );

type Layout = 'ndjson' | 'array' | 'pretty' | 'evtx_dump';
function layOut(records: unknown[], layout: Layout, crlf: boolean): string {
  const nl = crlf ? '\r\n' : '\n';
  const text =
    layout === 'ndjson'
      ? records.map((r) => JSON.stringify(r)).join(nl)
      : layout === 'array'
        ? JSON.stringify(records, null, 2)
        : layout === 'pretty'
          ? records.map((r) => JSON.stringify(r, null, 2)).join(nl)
          : records.map((r, i) => `Record ${i + 1}${nl}${JSON.stringify(r, null, 2)}`).join(nl);
  return crlf ? text.replace(/(?<!\r)\n/g, '\r\n') : text;
}

export const jsonText: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(record, { maxLength: 6 }),
    fc.constantFrom<Layout>('ndjson', 'array', 'pretty', 'evtx_dump'),
    fc.boolean(),
  )
  .map(([records, layout, crlf]) => layOut(records, layout, crlf));

type Encoding = 'utf-8' | 'utf-8 bom' | 'utf-16le' | 'utf-16le bom' | 'utf-16be' | 'utf-16be bom';
export function encode(text: string, enc: Encoding): Uint8Array {
  if (enc === 'utf-8') return utf8.encode(text);
  if (enc === 'utf-8 bom') return utf8.encode('\ufeff' + text);
  const t = enc.endsWith('bom') ? '\ufeff' + text : text;
  const out = new Uint8Array(t.length * 2);
  const le = enc.startsWith('utf-16le');
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    out[2 * i + (le ? 0 : 1)] = c & 0xff;
    out[2 * i + (le ? 1 : 0)] = c >> 8;
  }
  return out;
}
export const encoding = fc.constantFrom<Encoding>(
  'utf-8',
  'utf-8 bom',
  'utf-16le',
  'utf-16le bom',
  'utf-16be',
  'utf-16be bom',
);

/** Text in any encoding, optionally with an odd trailing byte (a cut UTF-16 file). */
export const encodedText: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.oneof(jsonText, eventXml), encoding, fc.boolean())
  .map(([text, enc, cut]) => {
    const b = encode(text, enc);
    return cut && b.length > 1 ? b.subarray(0, b.length - 1) : b;
  });

type Wrap = 'gzip' | 'zip' | 'zip-many' | 'gzip-cut' | 'zip-cut' | 'gzip-corrupt' | 'zip-corrupt';
function wrap(inner: Uint8Array[], how: Wrap, at: number, byte: number): Uint8Array {
  const gz = () => gzipSync(inner[0]);
  const zip = (n: number) =>
    zipSync(Object.fromEntries(inner.slice(0, n).map((b, i) => [`dir/m${i}.json`, b])));
  const packed = how.startsWith('gzip') ? gz() : zip(how === 'zip' ? 1 : inner.length);
  if (how.endsWith('-cut')) return packed.subarray(0, at % (packed.length + 1));
  if (how.endsWith('-corrupt') && packed.length > 0) {
    const b = packed.slice();
    b[at % b.length] ^= byte || 1;
    return b;
  }
  return packed;
}

/** Valid, cut and corrupted gzip and zip around any of the inputs above. */
export const compressed: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.array(fc.oneof(encodedText, mutatedFixture), { minLength: 1, maxLength: 3 }),
    fc.constantFrom<Wrap>(
      'gzip',
      'zip',
      'zip-many',
      'gzip-cut',
      'zip-cut',
      'gzip-corrupt',
      'zip-corrupt',
    ),
    fc.nat(),
    fc.integer({ min: 0, max: 255 }),
  )
  .map(([inner, how, at, byte]) => wrap(inner, how, at, byte));

/** How a stream delivers the bytes: chunk sizes, cycled (1-byte chunks split everything). */
export const chunking = fc.array(
  fc.oneof(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 8, max: 70000 })),
  {
    minLength: 1,
    maxLength: 4,
  },
);

export const randomBytes = fc.uint8Array({ maxLength: 4096 });
