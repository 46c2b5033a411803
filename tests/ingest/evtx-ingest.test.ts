// Raw .evtx through ingestFile, the path the CLI and the page's worker take: recognized by
// content (alone, gzip, zip), mapped like its XML, damage reported and skipped.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isEvtxRecordRef } from '../../src/case/evtx-record.ts';
import { evtxRecordXml } from '../../src/ingest/evtx/record-xml.ts';
import { describeEvtx, NO_MESSAGE_NOTE } from '../../src/ingest/index.ts';
import { fromEventXml } from '../../src/ingest/shapes.ts';
import { get, haveShared, ingestBytes, ingestPath, shared } from './helpers.ts';

const SAMPLES = 'samples/evtx-attack-samples';
const WINRS = `${SAMPLES}/LM_winrm_exec_sysmon_1_winrshost.evtx`;
// 3 chunks, 351 records: enough to damage one chunk and read the others.
const MULTI = 'evtx-corpus/evtx/Execution__rogue_msi_url_1040_1042.evtx';

describe.runIf(haveShared(SAMPLES))('raw .evtx in ingest', () => {
  it('winrshost.exe starting cmd.exe on DC1.insecurebank.local, as from the XML', async () => {
    const { docs, diag } = await ingestPath(shared(WINRS));
    expect(diag.container).toBe('evtx');
    expect(diag.source).toBe('evtx');
    expect(diag.evtx).toEqual({
      chunks: 1,
      records: 3,
      damagedChunks: 0,
      damagedRecords: 0,
      dirty: false,
    });
    const cmd = docs.find(
      (d) =>
        get(d, 'process.parent.name') === 'winrshost.exe' &&
        /ipconfig/.test(String(get(d, 'process.command_line'))),
    )!;
    expect(get(cmd, 'process.name')).toBe('cmd.exe');
    expect((get(cmd, 'process.args') as string[]).slice(-2)).toEqual(['/C', 'ipconfig']);
    expect(get(cmd, 'host.name')).toBe('DC1.insecurebank.local');
    expect(get(cmd, 'event.category')).toEqual(['process']);

    // The same events from python-evtx's XML of the file: every field alike but the GUIDs
    // python-evtx lower-cases and the hex numbers it pads (see evtx/python-evtx.ts).
    const xml = await ingestPath(shared(`${WINRS}.python-evtx.xml`));
    expect(docs.length).toBe(xml.docs.length);
    const windowsStyle = (d: unknown) =>
      JSON.stringify(d)
        .replace(/\{[0-9a-fA-F-]{36}\}/g, (g) => g.toUpperCase())
        .replace(/"0x0+([0-9a-f])/g, '"0x$1');
    docs.forEach((d, i) => expect(windowsStyle(d)).toBe(windowsStyle(xml.docs[i])));
  });

  it('says where message text would be that an .evtx has none', async () => {
    const { docs, diag } = await ingestPath(shared(WINRS));
    expect(diag.warnings).toContain(NO_MESSAGE_NOTE);
    expect(docs.every((d) => d.message === undefined)).toBe(true);
  });

  it('is recognized by content: renamed, gzip and zip (two members)', async () => {
    const bytes = readFileSync(shared(WINRS));
    const plain = await ingestBytes('renamed.json', bytes, [1000, 70000, 3]);
    expect(plain.diag.container).toBe('evtx');
    expect(plain.docs.length).toBe(3);
    const gz = await ingestBytes('log.gz', gzipSync(bytes));
    expect(gz.diag.container).toBe('gzip: evtx');
    expect(gz.docs).toEqual(plain.docs);
    const multi = readFileSync(shared(MULTI));
    const zip = await ingestBytes('c.zip', zipSync({ 'a/x.evtx': bytes, 'b/y.evtx': multi }));
    expect(zip.diag.container).toBe('zip: evtx');
    expect(zip.docs.length).toBe(3 + 351);
    expect(zip.diag.evtx?.chunks).toBe(1 + 3);
  });

  it('a chunk failing its records CRC is reported once with its number and offset, and read', async () => {
    const bytes = new Uint8Array(readFileSync(shared(MULTI)));
    const whole = await ingestBytes('m.evtx', bytes);
    expect(whole.diag.evtx?.chunks).toBe(3);
    // A byte inside chunk 1's records: its records CRC no longer matches.
    const at = 4096 + 65536 + 4000;
    bytes[at] ^= 0x55;
    const { docs, diag } = await ingestBytes('m.evtx', bytes);
    expect(diag.evtx).toMatchObject({ chunks: 3, salvagedChunks: 1, damagedChunks: 0 });
    expect(diag.errors[0].message).toMatch(
      /^chunk 1: event records CRC32 is 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}; its records are read, each checked on its own, and may hold altered bytes$/,
    );
    expect(diag.errors[0].offset).toBe(4096 + 65536 + 52);
    // At most the record holding the byte is lost (it may also read with the byte changed).
    const lost = whole.docs.length - docs.length;
    expect(lost === 0 || lost === 1).toBe(true);
    expect(diag.errors).toHaveLength(1 + lost);
    // Told, but not counted as skipped: only a record that could not be read is.
    expect(diag.records.skipped).toBe(lost);
  });

  it('a truncated file: the cut chunk gives the records before the cut, as the whole file has them', async () => {
    const full = readFileSync(shared(MULTI));
    const whole = await ingestBytes('m.evtx', full);
    const { diag, docs } = await ingestBytes('cut.evtx', full.subarray(0, 4096 + 65536 + 30000));
    expect(diag.evtx).toMatchObject({ chunks: 2, salvagedChunks: 1, damagedChunks: 0 });
    expect(diag.errors[0].message).toBe(
      'chunk 1: truncated: the file ends 30000 bytes into the chunk; the records before the cut are read, each checked on its own',
    );
    // The record the cut falls in is reported; the ones before it are read whole.
    expect(diag.errors[1].message).toMatch(
      /^chunk 1: event record at chunk offset \d+: the file ends inside it \(size \d+\); skipped$/,
    );
    expect(diag.records.skipped).toBe(1);
    const chunk0 = await ingestBytes('c0.evtx', full.subarray(0, 4096 + 65536));
    expect(docs.length).toBeGreaterThan(chunk0.docs.length);
    expect(docs).toEqual(whole.docs.slice(0, docs.length));
    expect(describeEvtx(diag.evtx!)).toContain(
      '2 chunks (one cut short or failing its checksum: its records were checked one by one)',
    );
    expect(
      describeEvtx({
        chunks: 1,
        records: 5,
        damagedChunks: 0,
        damagedRecords: 0,
        salvagedChunks: 1,
        dirty: false,
      }),
    ).toBe(
      'evtx: 1 chunk (cut short or failing its checksum: its records were checked one by one) and 5 records read; no record skipped',
    );
  });

  it('raw records: the Windows event, or with keepText (storage) its chunk bytes, whose XML is the event', async () => {
    const { events } = await ingestPath(shared(WINRS), { keepText: true });
    const tree = await ingestPath(shared(WINRS));
    expect(events).toHaveLength(3);
    events.forEach((e, i) => {
      if (!isEvtxRecordRef(e.raw)) throw new Error('not an .evtx record reference');
      // One chunk: the records share its bytes, a copy of all 64 KiB.
      expect(e.raw.evtxChunk).toBe((events[0].raw as typeof e.raw).evtxChunk);
      expect(e.raw.evtxChunk.length).toBe(65536);
      const xml = evtxRecordXml(e.raw);
      expect(xml).toMatch(
        /^<Event xmlns="http:\/\/schemas.microsoft.com\/win\/2004\/08\/events\/event">/,
      );
      expect(fromEventXml(xml)).toEqual(tree.events[i].raw);
    });
  });

  it('unmapped (normalize: false): the Windows event as read', async () => {
    const { docs } = await ingestPath(shared(WINRS), { normalize: false });
    expect(docs[0]).toMatchObject({ channel: 'Microsoft-Windows-Sysmon/Operational', eventId: 1 });
  });
});
