// The case's data model: what a session holds (files, alerts, triage, exceptions, events,
// rule reports), below both the store that keeps it and the worker that makes it. Types and
// tiny pure helpers only: this folder imports nothing else of Sequent.
export { filesExtent, type FileIssue, type FileSummary, type SessionSummary } from './session.ts';
export {
  OPEN,
  type AlertBody,
  type AlertDetail,
  type AlertRow,
  type ClosingReason,
  type CompiledWith,
  type EvidenceStep,
  type ExplanationNode,
  type JsonDoc,
  type RuleException,
  type Severity,
  type Triage,
  type TriageStatus,
} from './alert.ts';
export type {
  ReportBasis,
  ReportCounting,
  RuleReport,
  StageReport,
  StoredReport,
} from './report.ts';
export type { EventChunk } from './chunk.ts';
export { isEvtxRecordRef, type EvtxRecordRef } from './evtx-record.ts';
