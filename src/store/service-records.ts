// What the worker services keep in the foundation's v1 stores: each record is a superset of
// the v1 record (so SequentStore still reads it), carrying the fields the app shows.
import type { Rule } from '../rules/model.ts';
import type { AlertBody, EventChunk, FileSummary, RuleException } from '../case/index.ts';
import type {
  AlertRecord,
  EventChunkRecord,
  ExceptionRecord,
  FileRecord,
  RuleRecord,
  SessionRecord,
  TriageRecord,
} from './records.ts';

export interface ServiceSession extends SessionRecord {
  files: number;
  events: number;
  alerts: number;
  demo: boolean;
  storage: 'full' | 'alerts-only';
  /** Ids of the rules the last scan or re-run used. */
  rules: string[];
  /** The last scan was cancelled; its partial events wait for keep or discard. */
  cancelled?: boolean;
  /**
   * While a scan runs (and after it was cut short): the indexes of its files whose events the
   * stored alerts do not cover yet (src/worker/app/checkpoint.ts). Absent: they cover all.
   */
  uncorrelated?: number[];
  /** After a scan was cut short: the finished files the stored alerts do not cover yet. */
  uncovered?: string[];
}

export interface ServiceFile
  extends FileRecord, Omit<FileSummary, 'id' | 'sessionId' | 'name' | 'size'> {
  /** Position among the session's files: events and evidence refer to files by it. */
  index: number;
}

export type ServiceChunk = EventChunkRecord & EventChunk;

export interface ServiceAlert extends AlertRecord {
  detail: AlertBody;
}

export type ServiceTriage = TriageRecord;

export interface ServiceRule extends RuleRecord {
  rule: Rule;
}

export interface ServiceException extends ExceptionRecord, RuleException {}
