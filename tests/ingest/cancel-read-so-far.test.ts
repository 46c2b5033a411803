// A cancelled ingest still says what it read: the AbortError carries the file's diagnostics
// (shape, hosts, counts) and every event those counts include was handed on first, so that a
// cancelled file's row is what the case holds of it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ingestFile, readSoFar, type ByteSource } from '../../src/ingest/index.ts';
import { sharedOrSkip } from '../services/helpers.ts';

/** SYNTHETIC: NDJSON Sysmon process starts from seven hosts, in ~64 KiB chunks. */
function ndjson(records: number): ByteSource {
  const enc = new TextEncoder();
  const line = (i: number) =>
    JSON.stringify({
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Hostname: `HOST${i % 7}.example.local`,
      UtcTime: new Date(Date.UTC(2024, 0, 1) + i).toISOString().replace('T', ' ').slice(0, -1),
      Image: 'C:\\Windows\\System32\\cmd.exe',
      CommandLine: `cmd.exe /c echo ${i}`,
    }) + '\n';
  return {
    name: 'synthetic.ndjson',
    async *stream() {
      let buf = '';
      for (let i = 0; i < records; i++) {
        // One broken line: counted as read and as an error, never handed on.
        buf += i === 5 ? '{"EventID": \n' : line(i);
        if (buf.length > 65536) {
          yield enc.encode(buf);
          buf = '';
        }
      }
      if (buf) yield enc.encode(buf);
    },
  };
}

/** `bytes` in pieces of `piece` bytes; `onPiece` sees how many went out. */
function pieces(name: string, bytes: Uint8Array, piece: number, onPiece: (n: number) => void) {
  return {
    name,
    async *stream() {
      for (let at = 0; at < bytes.length; at += piece) {
        onPiece(at / piece + 1);
        yield bytes.subarray(at, at + piece);
      }
    },
  } satisfies ByteSource;
}

async function cancelled(run: Promise<unknown>) {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'AbortError' });
  return readSoFar(error);
}

describe('a cancelled ingest says what it read', () => {
  it('NDJSON: the counts are the events handed on, the rest of the batch included', async () => {
    const ctl = new AbortController();
    const sizes: number[] = [];
    const run = ingestFile(
      ndjson(1_000_000),
      (b) => {
        sizes.push(b.length);
        if (sizes.length === 3) ctl.abort();
      },
      { signal: ctl.signal, batchSize: 300 },
    );
    const d = await cancelled(run);
    expect(d).not.toBeNull();
    const handed = sizes.reduce((a, b) => a + b, 0);
    // The chunk being read when the cancel came went on as one batch past the third.
    expect(sizes.length).toBeGreaterThan(3);
    expect(handed).toBeLessThan(10_000);
    expect(d!.records.read).toBe(handed + 1);
    expect(d!.records.mapped).toBe(handed);
    expect(d!.errors.map((e) => e.line)).toEqual([6]);
    expect(d!.source).toBe('otrf-nxlog');
    expect(d!.hosts).toHaveLength(7);
    expect(d!.timeRange?.min).toBe('2024-01-01T00:00:00.000Z');
    expect(d!.fields.events).toBe(handed);
    expect(d!.fields.counts['process.command_line']).toBeGreaterThan(0);
  });

  it('a cancel before anything was read says nothing more than that', async () => {
    const ctl = new AbortController();
    ctl.abort();
    expect(await cancelled(ingestFile(ndjson(10), () => {}, { signal: ctl.signal }))).toBeNull();
  });

  it('a raw .evtx cut short: every record counted was handed on', async () => {
    const path = sharedOrSkip('evtx-corpus/evtx/Lateral_Movement__LM_5145_Remote_FileCopy.evtx');
    if (!path) return;
    const bytes = new Uint8Array(readFileSync(path));
    const ctl = new AbortController();
    let handed = 0;
    // Cancelled as the fifth 64 KiB chunk of records arrives.
    const source = pieces('cut.evtx', bytes, 65536, (n) => n === 6 && ctl.abort());
    const d = await cancelled(
      ingestFile(source, (b) => void (handed += b.length), { signal: ctl.signal, batchSize: 7 }),
    );
    const whole = await ingestFile(
      pieces('whole.evtx', bytes, 65536, () => {}),
      () => {},
    );
    expect(d).not.toBeNull();
    expect(handed).toBeGreaterThan(0);
    expect(d!.records.read).toBe(handed);
    expect(d!.records.read).toBeLessThan(whole.records.read);
    expect(d!.source).toBe(whole.source);
    expect(d!.container).toBe('evtx');
    // Its .evtx counts too: the chunks and records read up to the cancel.
    expect(d!.evtx?.records).toBe(handed);
    expect(d!.evtx?.chunks).toBeLessThan(whole.evtx!.chunks);
    expect(d!.hosts.length).toBeGreaterThan(0);
  });
});
