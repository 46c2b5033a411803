// Raw Windows event logs (.evtx): a pure TypeScript reader of the whole format.
export { isEvtx, type FileHeader } from './file-header.ts';
export {
  readEvtx,
  readRecords,
  newStats,
  chunkRanges,
  type EvtxStats,
  type ChunkRange,
} from './reader.ts';
export { readChunk, CHUNK_SIZE, type Problem, type ChunkResult } from './chunk.ts';
export { BinXmlParser } from './binxml.ts';
export type { EvtxRecord } from './record.ts';
export { renderXml } from './render.ts';
export { DirectReader, type DirectEvent } from './direct.ts';
