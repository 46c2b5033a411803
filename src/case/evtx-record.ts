// A raw .evtx record kept as it came: the bytes of its 64 KiB chunk and where in them it lies.
// Its XML text is rendered from those bytes when someone opens it (src/ingest/evtx/record-xml.ts)
// instead of being written for every record while a scan reads: that text was ~30% of the
// reading and ~40% of what a stored chunk held (bench/README.md, issue 12). Records of one
// chunk share one Uint8Array. Plain data, so it survives a structured clone.

/** A raw .evtx record: the chunk's bytes (all 64 KiB) and the record's offset in them. */
export interface EvtxRecordRef {
  evtxChunk: Uint8Array;
  at: number;
}

export function isEvtxRecordRef(v: unknown): v is EvtxRecordRef {
  return (
    typeof v === 'object' &&
    v !== null &&
    (v as EvtxRecordRef).evtxChunk instanceof Uint8Array &&
    typeof (v as EvtxRecordRef).at === 'number'
  );
}
