// Rule exceptions ("don't alert when field F is V"), across sessions like Elastic's.
import type { IDBPDatabase } from 'idb';
import type { RuleException } from '../case/index.ts';
import type { SequentSchema } from './schema.ts';
import type { ServiceException } from './service-records.ts';

export class ExceptionRepository {
  constructor(private readonly db: IDBPDatabase<SequentSchema>) {}

  async list(): Promise<RuleException[]> {
    const all = (await this.db.getAll('exceptions')) as ServiceException[];
    return all
      .map((e) => ({
        id: e.id,
        ruleId: e.ruleId,
        field: e.field,
        value: e.value,
        createdAt: e.createdAt,
        fromAlert: e.fromAlert ?? null,
      }))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  async add(exception: RuleException): Promise<RuleException> {
    const record: ServiceException = { ...exception, note: '' };
    await this.db.add('exceptions', record);
    return exception;
  }

  async remove(id: string): Promise<void> {
    await this.db.delete('exceptions', id);
  }
}
