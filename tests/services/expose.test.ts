import { describe, expect, it } from 'vitest';
import { withApp } from '../../src/worker/app/expose.ts';
import type { AppApi } from '../../src/worker/app-api.ts';

describe('withApp', () => {
  it('keeps the base methods and adds the services, each bound to its own object', async () => {
    class Base {
      name = 'base';
      async hello() {
        return this.name;
      }
    }
    class App {
      sessions = ['s1'];
      async listSessions() {
        return this.sessions;
      }
    }
    const both = withApp(new Base(), new App() as unknown as AppApi);
    expect(await both.hello()).toBe('base');
    // comlink calls `rawValue.apply(parent, args)` with parent = the exposed object.
    const list = (both as unknown as Record<string, (...a: unknown[]) => unknown>).listSessions;
    expect(await list.apply(both, [])).toEqual(['s1']);
    expect('listSessions' in both).toBe(true);
    expect('nothing' in both).toBe(false);
  });
});
