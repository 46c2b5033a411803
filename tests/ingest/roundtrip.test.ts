// Every source shape of the same four events (synthetic fixtures, see
// tests/fixtures/ingest/README.md) must normalize to the same ECS documents: the ones written
// by hand in ecs-nested.ndjson the way Winlogbeat maps them.
import { readFileSync } from 'node:fs';
import { gzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostId } from '../../src/ingest/index.ts';
import { fixture, flatten, ingestBytes, ingestPath, type Ingested } from './helpers.ts';

// Raw-record details that legitimately differ between shapes.
const SOURCE_SPECIFIC =
  /^(winlog\.(event_data|process|user|version|task|opcode|keywords)\b|message$|event\.created$)/;

function ecsPart(doc: Record<string, unknown>): Record<string, unknown> {
  const flat = flatten(doc);
  for (const k of Object.keys(flat)) if (SOURCE_SPECIFIC.test(k)) delete flat[k];
  return flat;
}

const expected = readFileSync(fixture('ecs-nested.ndjson'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => ecsPart(JSON.parse(l)));
for (const e of expected) e['host.id'] = hostId(e['host.name'] as string);

const SHAPES: Array<[string, string, string]> = [
  ['ecs-nested.ndjson', 'ecs', 'ndjson'],
  ['ecs-flat.ndjson', 'ecs', 'ndjson'],
  ['elasticdump.ndjson', 'elasticsearch-hit', 'ndjson'],
  ['evtx_dump.json', 'evtx_dump', 'evtx_dump json'],
  ['evtx_dump.jsonl', 'evtx_dump', 'ndjson'],
  ['evtxecmd.json', 'evtxecmd', 'ndjson'],
  ['otrf-nxlog.ndjson', 'otrf-nxlog', 'ndjson'],
  ['velociraptor.json', 'velociraptor', 'ndjson'],
  ['event.xml', 'event-xml', 'event xml'],
  ['powershell-depth4.json', 'powershell', 'json array'],
];

function expectSameEcs(got: Ingested): void {
  expect(got.diag.errors).toEqual([]);
  expect(got.docs.map((d) => ecsPart(flattenDotted(d)))).toEqual(expected);
}

// Flat dotted ECS documents compare like nested ones.
function flattenDotted(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flatten(doc))) out[k] = v;
  return out;
}

describe('each source shape normalizes to the same ECS documents', () => {
  for (const [file, shape, container] of SHAPES) {
    it(`${file} (${shape})`, async () => {
      const got = await ingestPath(fixture(file));
      expect(got.diag.source).toBe(shape);
      expect(got.diag.container).toBe(container);
      expect(got.diag.records).toMatchObject({ read: 4, skipped: 0 });
      expectSameEcs(got);
    });
  }
});

describe('encodings and compression', () => {
  let text: string;
  beforeAll(() => {
    text = readFileSync(fixture('evtx_dump.json'), 'utf8');
  });

  const utf16 = (s: string, le: boolean, bom: boolean): Uint8Array => {
    const out = new Uint8Array((s.length + (bom ? 1 : 0)) * 2);
    let o = 0;
    const put = (c: number) => {
      out[o++] = le ? c & 0xff : c >> 8;
      out[o++] = le ? c >> 8 : c & 0xff;
    };
    if (bom) put(0xfeff);
    for (let i = 0; i < s.length; i++) put(s.charCodeAt(i));
    return out;
  };

  it('UTF-16LE with BOM (PowerShell 5.1 `>`), in odd-sized chunks', async () => {
    const got = await ingestBytes(
      'ps.json',
      utf16(readFileSync(fixture('powershell-depth4.json'), 'utf8'), true, true),
      [4093, 1, 777],
    );
    expect(got.diag.encoding).toBe('utf-16le (BOM)');
    expectSameEcs(got);
  });

  it('UTF-16BE without BOM is sniffed', async () => {
    const got = await ingestBytes('dump.json', utf16(text, false, false), [1001]);
    expect(got.diag.encoding).toBe('utf-16be (sniffed)');
    expectSameEcs(got);
  });

  it('UTF-8 with BOM', async () => {
    const bytes = new TextEncoder().encode(
      '\ufeff' + readFileSync(fixture('otrf-nxlog.ndjson'), 'utf8'),
    );
    const got = await ingestBytes('otrf.ndjson', bytes);
    expect(got.diag.encoding).toBe('utf-8 (BOM)');
    expectSameEcs(got);
  });

  it('gzip', async () => {
    const got = await ingestBytes('dump.json.gz', gzipSync(new TextEncoder().encode(text)), [100]);
    expect(got.diag.container).toBe('gzip: evtx_dump json');
    expectSameEcs(got);
  });

  it('zip with two members of different shapes', async () => {
    const zip = zipSync({
      'case/a.xml': new TextEncoder().encode(readFileSync(fixture('event.xml'), 'utf8')),
      'case/b.jsonl': new TextEncoder().encode(readFileSync(fixture('evtx_dump.jsonl'), 'utf8')),
    });
    const got = await ingestBytes('case.zip', zip, [333]);
    expect(got.diag.container).toBe('zip: event xml, ndjson');
    expect(got.diag.records.read).toBe(8);
    expect(got.docs.slice(0, 4).map((d) => ecsPart(d))).toEqual(expected);
    expect(got.docs.slice(4).map((d) => ecsPart(d))).toEqual(expected);
  });
});

describe('broken records are reported and skipped', () => {
  it('a truncated last record (file cut mid-object)', async () => {
    const text = readFileSync(fixture('evtx_dump.json'), 'utf8');
    const cut = text.slice(0, text.lastIndexOf('"NewProcessName"'));
    const got = await ingestBytes('cut.json', new TextEncoder().encode(cut), [512]);
    expect(got.docs.map((d) => ecsPart(d))).toEqual(expected.slice(0, 3));
    expect(got.diag.records.skipped).toBe(1);
    const err = got.diag.errors[0];
    expect(err.message).toMatch(/truncated/);
    const lastRecord = text.lastIndexOf('{\n  "Event"');
    expect(err.offset).toBe(new TextEncoder().encode(text.slice(0, lastRecord)).length);
    expect(err.line).toBe(text.slice(0, lastRecord).split('\n').length);
  });

  it('an invalid NDJSON line in the middle: named by line and offset, the rest goes on', async () => {
    const lines = readFileSync(fixture('otrf-nxlog.ndjson'), 'utf8').trim().split('\n');
    const broken = lines[1].slice(0, 80);
    const text = [lines[0], broken, ...lines.slice(1)].join('\n') + '\n';
    const got = await ingestBytes('broken.ndjson', new TextEncoder().encode(text), [97]);
    expectSameEcs({ ...got, diag: { ...got.diag, errors: [] } });
    expect(got.diag.records).toMatchObject({ read: 5, skipped: 1 });
    expect(got.diag.errors).toHaveLength(1);
    expect(got.diag.errors[0]).toMatchObject({
      file: 'broken.ndjson',
      line: 2,
      offset: new TextEncoder().encode(lines[0] + '\n').length,
    });
    expect(got.diag.errors[0].message).toMatch(/invalid JSON/);
  });

  it('a broken <Event> element is skipped, the others are read', async () => {
    const text = readFileSync(fixture('event.xml'), 'utf8').replace('</EventID>', '</EventIDX>');
    const got = await ingestBytes('broken.xml', new TextEncoder().encode(text));
    expect(got.diag.records.skipped).toBe(1);
    expect(got.diag.errors[0].line).toBe(1);
    expect(got.docs.map((d) => ecsPart(d))).toEqual(expected.slice(1));
  });
});

describe('PowerShell ConvertTo-Json at default depth', () => {
  it('is recognized, warns that EventData was lost and how to re-export, keeps the headers', async () => {
    const got = await ingestPath(fixture('powershell-default-depth.json'));
    expect(got.diag.source).toBe('powershell-shallow');
    expect(got.diag.warnings.join('\n')).toMatch(/EventData is lost.*-Depth/s);
    expect(got.docs.map((d) => flatten(d)['event.code'])).toEqual(['3', '5156', '1', '4688']);
    expect(got.docs.map((d) => flatten(d)['@timestamp'])).toEqual([
      '2020-09-20T21:09:08.120Z',
      '2020-09-20T21:09:09.000Z',
      '2020-09-20T21:09:11.260Z',
      '2020-09-20T21:09:12.000Z',
    ]);
  });
});
