// Serves the app services next to the foundation's handshake/echo/note methods on the one
// object comlink exposes: a name the base object has goes to it, any other to the services.
import type { AppApi } from '../app-api.ts';

export function withApp<T extends object>(base: T, app: AppApi): T & AppApi {
  return new Proxy(base, {
    get(target, prop, receiver) {
      if (prop in target) return Reflect.get(target, prop, receiver);
      const value = Reflect.get(app, prop, app) as unknown;
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(app)
        : value;
    },
    has(target, prop) {
      return prop in target || prop in app;
    },
  }) as T & AppApi;
}
