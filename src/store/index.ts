export { SequentStore, type StoreOptions } from './store.ts';
export { DB_NAME, openSequentDb, type OpenOptions } from './open.ts';
export { DB_VERSION, migrations, type Migration } from './migrations.ts';
export { newId } from './id.ts';
export type { SequentSchema } from './schema.ts';
export type * from './records.ts';
