// ingestFile: one file (any encoding, container and source shape) → batches of ECS events
// and the diagnostics the user sees. Memory stays bounded by the chunk and batch sizes.
import { abortError, peek, sourceChunks, throwIfAborted } from './bytes.ts';
import { untilBroken, unpack, type ContainerError } from './compression.ts';
import { DiagnosticsCollector } from './diagnostics.ts';
import { decode } from './encoding.ts';
import { parseJsonExact } from '../case/json-text.ts';
import { evtxEvents } from './evtx/events.ts';
import { isEvtx } from './evtx/file-header.ts';
import { normalizeRecord } from './normalize.ts';
import { detectShape, fromEventXml, type Shape } from './shapes.ts';
import { notAnEventLog, SNIFF_BYTES } from './sniff.ts';
import { RecordSplitter, type RawRecord } from './splitter.ts';
import type {
  BatchInfo,
  ByteSource,
  FileDiagnostics,
  IngestedEvent,
  IngestOptions,
} from './types.ts';

const SHALLOW_WARNING =
  'PowerShell ConvertTo-Json ran at its default depth (2): every event\'s Properties were written as the type name "System.Diagnostics.Eventing.Reader.EventProperty", so the EventData is lost and only the header (id, time, computer) can be used. Re-export with `Get-WinEvent … | ConvertTo-Json -Depth 4` (or Export-Csv / wevtutil epl).';

type Obj = Record<string, unknown>;

export async function ingestFile(
  source: ByteSource,
  onBatch: (events: IngestedEvent[], info: BatchInfo) => void | Promise<void>,
  options: IngestOptions = {},
): Promise<FileDiagnostics> {
  const { signal, onProgress } = options;
  const batchSize = Math.max(1, options.batchSize ?? 512);
  const normalize = options.normalize !== false;
  const keepText = options.keepText === true;
  throwIfAborted(signal);
  const diag = new DiagnosticsCollector(source.name, options.maxErrors ?? 20);

  let pending: IngestedEvent[] = [];
  // Events pending are always of the member being read: a file with members is never in place.
  let linesAt: BatchInfo['linesAt'] = null;
  try {
    return await read();
  } catch (error) {
    if (!(signal?.aborted || isAbortError(error))) throw error;
    // Cancelled: what was read so far still describes the file. The events counted and not
    // yet handed on go first, so that its counts are the events the caller holds.
    try {
      while (pending.length) await onBatch(pending.splice(0, batchSize), { linesAt });
    } catch {
      throw abortError();
    }
    throw abortError(diag.result());
  }

  async function read(): Promise<FileDiagnostics> {
    const flush = async (all: boolean) => {
      while (pending.length >= batchSize || (all && pending.length)) {
        const batch = pending.length <= batchSize ? pending : pending.slice(0, batchSize);
        pending = pending.length <= batchSize ? [] : pending.slice(batchSize);
        await onBatch(batch, { linesAt });
        throwIfAborted(signal);
      }
    };

    const counted = countBytes(sourceChunks(source, signal), (n) => {
      diag.bytes = n;
      onProgress?.(n);
    });
    const { wrapper, members } = await unpack(counted, signal);
    diag.wrapper = wrapper;

    // Corrupt or cut-short compressed data ends the reading with one located error, not a throw.
    let broken: ContainerError | null = null;
    let brokenTold = false;
    const onBroken = (e: ContainerError) => void (broken ??= e);
    const brokenAt = (file: string, at: { line: number; offset: number }): boolean => {
      if (!broken || brokenTold) return false;
      brokenTold = true;
      diag.error({ file, ...at, message: `${broken.message} after ${diag.bytes} bytes` });
      return true;
    };

    for await (const member of untilBroken(members, onBroken)) {
      const file = member.entry ? `${source.name}!${member.entry}` : source.name;
      const readBefore = diag.read;
      linesAt = null;
      const { evtx, looks, rest } = await sniffMember(untilBroken(member.chunks, onBroken));
      // Recognized by content: a raw Windows event log is binary, never text.
      if (evtx) {
        diag.encodings.add('binary');
        diag.containers.add('evtx');
        const first = member.entry ? 0 : (options.evtxFirstChunk ?? 0);
        const records = evtxEvents(rest, file, diag, normalize, keepText, undefined, first);
        for await (const events of records) {
          // Counted already: pending, so that a cancel hands them on with the rest.
          for (const e of events) pending.push(e);
          throwIfAborted(signal);
          await flush(false);
        }
        continue;
      }
      if (diag.notEventLog(file, looks)) {
        if (member.entry) for await (const _ of rest) throwIfAborted(signal); // on to the next member
        continue;
      }
      const decoded = await decode(rest);
      diag.encodings.add(decoded.label);
      const inPlace = keepText && !member.entry && wrapper === '' && decoded.inPlace;
      let shapeHint: Shape | undefined;

      const onRecord = (r: RawRecord) => {
        diag.read++;
        let raw: unknown;
        if (r.kind === 'xml') raw = r.text;
        else {
          try {
            raw = parseJsonExact(r.text);
          } catch (e) {
            diag.error({ file, line: r.line, offset: r.offset, message: jsonMessage(e, r.text) });
            return;
          }
        }
        const records = expand(raw);
        // A search response's hits are records of their own, with no text each.
        if (keepText && records.length === 1 && records[0] === raw && r.kind === 'json')
          accept(raw, r, r.text);
        else for (const one of records) accept(one, r);
      };

      const accept = (raw: unknown, r: RawRecord, text?: string) => {
        if (r.kind === 'json' && (typeof raw !== 'object' || raw === null || Array.isArray(raw))) {
          diag.error({ file, line: r.line, offset: r.offset, message: 'not a JSON object' });
          return;
        }
        try {
          if (!normalize) {
            // Unmapped: JSON records as they are; an <Event> element as its WinEvent reading.
            const shape = r.kind === 'xml' ? 'event-xml' : detectShape(raw);
            const doc =
              r.kind === 'xml' ? (fromEventXml(raw as string) as unknown as Obj) : (raw as Obj);
            const [ch, id] = DiagnosticsCollector.keyOf(doc);
            diag.event(doc, shape, false, ch, id);
            pending.push({ doc, line: r.line, offset: r.offset, raw, text });
            return;
          }
          // Files are nearly always one shape: try the last one first, detect again on a miss.
          let hint: Shape | undefined = r.kind === 'xml' ? 'event-xml' : undefined;
          if (!hint && shapeHint && detectShape(raw) === shapeHint) hint = shapeHint;
          const n = normalizeRecord(raw, hint);
          shapeHint = n.shape === 'elasticsearch-hit' ? undefined : n.shape;
          if (n.shape === 'powershell-shallow') diag.warnings.add(SHALLOW_WARNING);
          const [ch, id] = n.win
            ? [n.win.channel, n.win.eventId === null ? '' : String(n.win.eventId)]
            : DiagnosticsCollector.keyOf(n.doc);
          diag.event(n.doc, n.shape, n.mapped, ch, id, n.ts, n.win?.computer);
          pending.push({
            doc: n.doc,
            line: r.line,
            offset: r.offset,
            raw,
            // Always present, undefined or not: one object shape for every event on a hot path.
            text,
          });
        } catch (e) {
          diag.error({
            file,
            line: r.line,
            offset: r.offset,
            message: e instanceof Error ? e.message : String(e),
          });
        }
      };

      const splitter = new RecordSplitter(onRecord, (e) => diag.error({ file, ...e }), {
        ndjsonBlocks: options.ndjsonBlocks === true,
      });
      for await (const chunk of decoded.chunks) {
        throwIfAborted(signal);
        splitter.push(chunk);
        linesAt = inPlace && splitter.container === 'ndjson' ? decoded.bom : null;
        await flush(false);
      }
      const at = splitter.position;
      splitter.end();
      linesAt = inPlace && splitter.container === 'ndjson' ? decoded.bom : null;
      if (brokenAt(file, at)) break;
      diag.containers.add(splitter.container ?? 'empty');
      if (splitter.container === 'event xml' && diag.read === readBefore)
        diag.notEventLog(file, 'XML without any <Event> element');
      if (splitter.container === 'event xml' && decoded.label.startsWith('utf-16'))
        diag.warnings.add('offsets in UTF-16 files count bytes of the text re-encoded as UTF-8');
    }
    brokenAt(source.name, { line: 1, offset: 0 });
    await flush(true);
    if (signal?.aborted) throw abortError();
    return diag.result();
  }
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * What a member's first bytes say: a raw .evtx, or (`looks`) what else than an event log it
 * is. The head is read here and not kept in ingestFile's frame: a whole first chunk (a
 * megabyte from Node's file streams) held while the rest is read outlived the young
 * generation, and its memory came back only with the next full collection.
 */
async function sniffMember(
  chunks: AsyncGenerator<Uint8Array>,
): Promise<{ evtx: boolean; looks: string | null; rest: AsyncGenerator<Uint8Array> }> {
  const { head, rest } = await peek(chunks, SNIFF_BYTES);
  const evtx = isEvtx(head);
  return { evtx, looks: evtx ? null : notAnEventLog(head), rest };
}

// An Elasticsearch search response holds its documents under hits.hits.
function expand(raw: unknown): unknown[] {
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const hits = (raw as Obj).hits;
    if (typeof hits === 'object' && hits !== null && Array.isArray((hits as Obj).hits))
      return (hits as Obj).hits as unknown[];
  }
  return [raw];
}

function jsonMessage(e: unknown, text: string): string {
  const msg = e instanceof Error ? e.message : String(e);
  const head = text.length > 60 ? text.slice(0, 60) + '…' : text;
  return `invalid JSON (${msg}): ${JSON.stringify(head)}`;
}

async function* countBytes(
  chunks: AsyncGenerator<Uint8Array>,
  report: (n: number) => void,
): AsyncGenerator<Uint8Array> {
  let n = 0;
  for await (const c of chunks) {
    n += c.length;
    report(n);
    yield c;
  }
}
