export { SequentStore, type StoreOptions } from './store.ts';
export { DB_NAME, openSequentDb, type OpenOptions } from './open.ts';
export { DB_VERSION, migrations } from './migrations.ts';
export type { SequentSchema } from './schema.ts';
export type * from './records.ts';
