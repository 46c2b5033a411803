// .evtx records as ingest events: each <Event> element goes to the same reader and mappers as
// an Event XML export, so a rule sees the same document whichever way the log came.
import type { EvtxRecordRef } from '../../case/evtx-record.ts';
import type { DiagnosticsCollector } from '../diagnostics.ts';
import { normalizeWinEvent } from '../normalize.ts';
import type { Doc, IngestedEvent } from '../types.ts';
import { DirectReader, NO_SYSTEM } from './direct.ts';
import { CHUNK_SIZE } from './chunk.ts';
import { FILE_HEADER_SIZE } from './file-header.ts';
import { readRecords, newStats, type EvtxStats } from './reader.ts';
import { summary } from './summary.ts';

export const NO_MESSAGE_NOTE =
  "An .evtx file holds no message text (Windows keeps it in the providers' message DLLs), so `message` stays empty: search the event data (winlog.event_data.*) instead.";

export { addEvtxSummaries, describeEvtx, summary, type EvtxSummary } from './summary.ts';

/**
 * The events of one .evtx stream, a chunk's worth at a time; problems go to `diag`. Each raw
 * record is the Windows event, or with `keepText` (storage) an EvtxRecordRef: a copy of its
 * chunk's bytes, shared by the chunk's records, and its offset there. Its XML text is
 * rendered from those when asked for (record-xml.ts), not for every record read.
 */
export async function* evtxEvents(
  chunks: AsyncIterable<Uint8Array>,
  file: string,
  diag: DiagnosticsCollector,
  normalize: boolean,
  keepText = false,
  stats: EvtxStats = newStats(),
  firstChunk = 0,
): AsyncGenerator<IngestedEvent[]> {
  let ordinal = 0;
  // Records are read straight into Windows events: no element tree per record, which cost as
  // much as the reading itself (see direct.ts).
  const direct = new DirectReader(false);
  // The bytes of the chunk whose records come next (a copy: the reader reuses its buffer).
  let bytes: Uint8Array | null = null;
  const records = readRecords(
    chunks,
    (p) => {
      if (p.chunk < 0) diag.warnings.add(`${file}: ${p.message}`);
      else if (p.read) diag.notice({ file, line: 0, offset: p.offset, message: p.message });
      else diag.error({ file, line: 0, offset: p.offset, message: p.message });
    },
    stats,
    firstChunk,
    direct.build,
    keepText ? (b) => (bytes = b.slice()) : undefined,
  );
  // Counted when the reading stops too (a cancel): what was read so far is described whole.
  try {
    for await (const batch of records) {
      const out: IngestedEvent[] = [];
      const chunk = bytes;
      for (const r of batch) {
        diag.read++;
        ordinal++;
        const { win } = r.event;
        const ref: EvtxRecordRef | null = chunk && {
          evtxChunk: chunk,
          at: r.offset - FILE_HEADER_SIZE - r.chunk * CHUNK_SIZE,
        };
        try {
          if (!win) throw new Error(NO_SYSTEM);
          if (!normalize) {
            const doc = win as unknown as Doc;
            diag.event(doc, 'evtx', false, String(doc.channel), String(doc.eventId ?? ''));
            out.push({ doc, line: ordinal, offset: r.offset, raw: ref ?? doc, text: undefined });
            continue;
          }
          const n = normalizeWinEvent(win, 'evtx');
          diag.event(
            n.doc,
            'evtx',
            n.mapped,
            win.channel,
            win.eventId === null ? '' : String(win.eventId),
            n.ts,
            win.computer,
          );
          out.push({
            doc: n.doc,
            line: ordinal,
            offset: r.offset,
            raw: ref ?? win,
            text: undefined,
          });
        } catch (e) {
          diag.error({
            file,
            line: ordinal,
            offset: r.offset,
            message: `record ${r.id} (chunk ${r.chunk}): ${e instanceof Error ? e.message : String(e)}`,
          });
        }
      }
      if (out.length) yield out;
    }
  } finally {
    diag.addEvtx(summary(stats));
    if (stats.records > 0) diag.warnings.add(NO_MESSAGE_NOTE);
  }
}
