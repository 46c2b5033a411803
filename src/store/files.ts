// The files of a session, in the order they were added (their index).
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from './schema.ts';
import type { ServiceFile } from './service-records.ts';

export class FileRepository {
  constructor(private readonly db: IDBPDatabase<SequentSchema>) {}

  async put(file: ServiceFile): Promise<void> {
    await this.db.put('files', file);
  }

  async delete(id: string): Promise<void> {
    await this.db.delete('files', id);
  }

  async list(sessionId: string): Promise<ServiceFile[]> {
    const files = (await this.db.getAllFromIndex('files', 'bySession', sessionId)) as ServiceFile[];
    return files.sort((a, b) => a.index - b.index);
  }
}
