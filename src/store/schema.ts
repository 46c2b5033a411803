import type { DBSchema } from 'idb';
import type {
  AlertRecord,
  EventChunkRecord,
  ExceptionRecord,
  FileRecord,
  HuntRecord,
  KvRecord,
  RuleRecord,
  SessionRecord,
  TriageRecord,
} from './records.ts';

/** The database as idb types it; src/store/migrations.ts builds exactly this. */
export interface SequentSchema extends DBSchema {
  sessions: { key: string; value: SessionRecord; indexes: { byLastUsed: number } };
  files: { key: string; value: FileRecord; indexes: { bySession: string } };
  events: { key: [string, number]; value: EventChunkRecord };
  alerts: {
    key: string;
    value: AlertRecord;
    indexes: { bySession: string; bySessionTime: [string, number]; byRule: string };
  };
  triage: { key: string; value: TriageRecord; indexes: { bySession: string } };
  rules: { key: string; value: RuleRecord; indexes: { byName: string } };
  exceptions: { key: string; value: ExceptionRecord; indexes: { byRule: string } };
  hunts: { key: string; value: HuntRecord; indexes: { bySessionTime: [string, number] } };
  kv: { key: string; value: KvRecord };
}

/** Stores whose records belong to one session and go when it is deleted. */
export const SESSION_OWNED = ['files', 'alerts', 'triage', 'hunts'] as const;
