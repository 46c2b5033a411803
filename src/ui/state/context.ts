// One AppState per page, handed to every component through Svelte context rather than props,
// so deep components (an event field's "add exception" button) reach the backend directly.
import { getContext, setContext } from 'svelte';
import type { AppState } from './app.svelte';

const KEY = Symbol('sequent-app');

export function provideApp(app: AppState): void {
  setContext(KEY, app);
}

export function useApp(): AppState {
  const app = getContext<AppState | undefined>(KEY);
  if (!app) throw new Error('useApp() called outside <SequentApp>: no app state in context');
  return app;
}
