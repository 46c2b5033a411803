// The one contract between the page and the scanning worker. The page imports only types
// from here. The foundation's half (handshake, echo, notes) is implemented by
// src/worker/service.ts, the app's half (sessions, scans, rules, hunting: app-api.ts) by
// src/worker/app/service.ts; src/worker/worker.ts exposes both as one object with comlink.
// Every method is async on the page side; arguments and results must survive structured
// cloning (no functions, no class instances; pass Transferables for big buffers).
import type { AppApi } from './app-api.ts';

/** What the worker says when it has started: the ready handshake. */
export interface WorkerHello {
  /** Sequent's version (package.json), so page and worker can be checked to match. */
  version: string;
  /** True in the single-file build (inline iife worker). */
  single: boolean;
}

/** What every worker answers, whatever else it serves. */
export interface FoundationApi {
  /** The ready handshake: answers as soon as the worker has loaded. */
  hello(): Promise<WorkerHello>;
  /** Sends a value through the worker and back (proves the round trip). */
  echo<T>(value: T): Promise<T>;
  /** Saves a short text in the worker's IndexedDB store. */
  putNote(key: string, text: string): Promise<void>;
  /** Reads a note saved by putNote; undefined when there is none. */
  getNote(key: string): Promise<string | undefined>;
}

/** Everything the worker serves. */
export interface SequentApi extends FoundationApi, AppApi {}
