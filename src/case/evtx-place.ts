// Where a raw .evtx record lies: the bytes of its 64 KiB chunk and its offset in them. The app
// keeps this instead of the record's XML text (a chunk's bytes are a fraction of its records'
// XML, and building the text was a third of a page worker's reading); the XML is rendered
// from the chunk when someone looks at the record (ingest/evtx/record-xml.ts). The records of
// one chunk share one byte array, so it is stored once. A plain object: it survives a
// structured clone (postMessage, IndexedDB) as it is.
export interface EvtxPlace {
  /**
   * The chunk, header included, up to its free space (the part its records use): it holds
   * the record's names and templates.
   */
  evtxChunk: Uint8Array;
  /** The record's offset in the chunk. */
  at: number;
}

export function isEvtxPlace(raw: unknown): raw is EvtxPlace {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    (raw as EvtxPlace).evtxChunk instanceof Uint8Array &&
    typeof (raw as EvtxPlace).at === 'number'
  );
}
