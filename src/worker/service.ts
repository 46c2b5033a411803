import pkg from '../../package.json' with { type: 'json' };
import { SequentStore } from '../store/store.ts';
import type { FoundationApi, WorkerHello } from './api.ts';

/** The worker's side of the contract; storage opens on first use, not at start-up. */
export class SequentService implements FoundationApi {
  private store: Promise<SequentStore> | undefined;

  constructor(
    private readonly openStore: () => Promise<SequentStore> = () => SequentStore.open(),
  ) {}

  async hello(): Promise<WorkerHello> {
    return { version: pkg.version, single: __SEQUENT_SINGLE__ };
  }

  async echo<T>(value: T): Promise<T> {
    return value;
  }

  async putNote(key: string, text: string): Promise<void> {
    await (await this.db()).putNote(key, text);
  }

  async getNote(key: string): Promise<string | undefined> {
    return (await this.db()).getNote(key);
  }

  private db(): Promise<SequentStore> {
    // A failed open is retried on the next call rather than remembered forever.
    this.store ??= this.openStore().catch((error: unknown) => {
      this.store = undefined;
      throw error;
    });
    return this.store;
  }
}
