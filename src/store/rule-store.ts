// The rule set: seeded once with the built-in rules, then the analyst's to change.
import type { IDBPDatabase } from 'idb';
import type { Rule } from '../rules/model.ts';
import type { SequentSchema } from './schema.ts';
import type { ServiceRule } from './service-records.ts';

const SEEDED = 'rules:seeded';

function record(rule: Rule, now: number): ServiceRule {
  return {
    id: rule.id,
    name: rule.name,
    origin: rule.origin === 'imported' ? 'user' : 'builtin',
    format: 'eql',
    text: rule.query ?? '',
    enabled: rule.enabled,
    updatedAt: now,
    rule,
  };
}

export class RuleRepository {
  constructor(private readonly db: IDBPDatabase<SequentSchema>) {}

  /** Puts the built-in rules in on first use only: a rule the analyst deleted stays deleted. */
  async seed(builtin: () => Rule[], now: number): Promise<void> {
    const tx = this.db.transaction(['rules', 'kv'], 'readwrite');
    if (await tx.objectStore('kv').get(SEEDED)) {
      await tx.done;
      return;
    }
    for (const rule of builtin()) await tx.objectStore('rules').put(record(rule, now));
    await tx.objectStore('kv').put({ key: SEEDED, value: true, updatedAt: now });
    await tx.done;
  }

  async list(): Promise<Rule[]> {
    const all = (await this.db.getAllFromIndex('rules', 'byName')) as ServiceRule[];
    return all.filter((r) => r.rule).map((r) => r.rule);
  }

  async get(id: string): Promise<Rule | undefined> {
    return ((await this.db.get('rules', id)) as ServiceRule | undefined)?.rule;
  }

  async put(rule: Rule, now: number): Promise<void> {
    await this.db.put('rules', record(rule, now));
  }

  async putAll(rules: Rule[], now: number): Promise<void> {
    const tx = this.db.transaction('rules', 'readwrite');
    await Promise.all([...rules.map((r) => tx.store.put(record(r, now))), tx.done]);
  }

  async setEnabled(id: string, enabled: boolean, now: number): Promise<void> {
    const tx = this.db.transaction('rules', 'readwrite');
    const current = (await tx.store.get(id)) as ServiceRule | undefined;
    if (!current) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new Error(`There is no rule ${id}.`);
    }
    await tx.store.put(record({ ...current.rule, enabled }, now));
    await tx.done;
  }

  /** Deletes the rule and its exceptions together. */
  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['rules', 'exceptions'], 'readwrite');
    const keys = await tx.objectStore('exceptions').index('byRule').getAllKeys(id);
    await Promise.all([
      tx.objectStore('rules').delete(id),
      ...keys.map((k) => tx.objectStore('exceptions').delete(k)),
      tx.done,
    ]);
  }
}
