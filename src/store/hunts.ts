// Hunting history: every query run, newest first, without repeats.
import type { IDBPDatabase } from 'idb';
import type { SequentSchema } from './schema.ts';

export class HuntRepository {
  constructor(private readonly db: IDBPDatabase<SequentSchema>) {}

  async add(
    sessionId: string,
    query: string,
    hitCount: number,
    ranAt: number,
    id: string,
  ): Promise<void> {
    await this.db.put('hunts', { id, sessionId, query, hitCount, ranAt });
  }

  async recentQueries(limit = 50): Promise<string[]> {
    const all = await this.db.getAll('hunts');
    all.sort((a, b) => b.ranAt - a.ranAt);
    const out: string[] = [];
    for (const h of all) {
      if (!out.includes(h.query)) out.push(h.query);
      if (out.length >= limit) break;
    }
    return out;
  }
}
