// What every per-view state is given when it is made: the worker's API, the notices that
// report a failed call, and the open session. Given, not imported, so the states never reach
// back into AppState (which makes them) and the imports point one way.
import type { AppApi } from '../../worker/app-api';
import type { Notices } from './notices.svelte';

export interface SessionAccess {
  readonly api: AppApi;
  readonly notices: Notices;
  /** The open session's id; null before one is open. */
  sessionId(): string | null;
}
