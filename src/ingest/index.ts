// The ingest layer's public surface: read any Windows event export, get ECS documents.
export type {
  ByteSource,
  Doc,
  EvtxSummary,
  FieldProfile,
  FileDiagnostics,
  IngestError,
  IngestedEvent,
  BatchInfo,
  IngestOptions,
} from './types.ts';
export { ingestFile } from './ingest.ts';
export { readSoFar } from './bytes.ts';
export { describeEvtx, NO_MESSAGE_NOTE } from './evtx/events.ts';
export { normalizeRecord, winEventToEcs, type Normalized } from './normalize.ts';
export { detectShape, fromEventXml, toWinEvent, SHAPE_REASONS, type Shape } from './shapes.ts';
export type { WinEvent } from './winevent.ts';
export { splitCommandLine } from './cmdline.ts';
export { hostId, hostKey } from './hostid.ts';
export {
  fieldGaps,
  hasField,
  mergeProfiles,
  stageGaps,
  FieldProfiler,
  type FieldGap,
  type StageGaps,
} from './profile.ts';
export { RecordSplitter, type Container, type RawRecord, type SplitError } from './splitter.ts';
export { parseTime } from './time.ts';
