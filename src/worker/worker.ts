import { expose } from 'comlink';
import { ingestFile } from '../ingest/index.ts';
import { openSequentDb } from '../store/open.ts';
import { withApp } from './app/expose.ts';
import { AppService } from './app/service.ts';
import { SequentService } from './service.ts';

// The worker's entry: one object serves the foundation's calls and the app's services.
// NDJSON is decoded by blocks here: a TextDecoder call per line costs ~4 µs in Chromium.
const app = new AppService({
  openDb: (hooks) => openSequentDb(hooks),
  ingest: (source, onBatch, options) =>
    ingestFile(source, onBatch, { ...options, ndjsonBlocks: true }),
});
expose(withApp(new SequentService(), app));
