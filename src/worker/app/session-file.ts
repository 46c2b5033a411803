// A whole session as one JSON file, to hand a case to a colleague's laptop: the session,
// its files, alerts with evidence, triage, reports, field profile, the rules it used and its
// events. Versioned; an import gets new ids so it never collides with what is there.
import { isEvtxRecordRef } from '../../case/evtx-record.ts';
import { rawRecord } from '../../ingest/evtx/record-xml.ts';
import type { FieldProfile } from '../../ingest/types.ts';
import type { Rule } from '../../rules/model.ts';
import type { ServiceFile, ServiceSession, ServiceTriage } from '../../store/service-records.ts';
import { alertId } from './identity.ts';
import type { AlertBody, EventChunk, StoredReport } from './model.ts';

export const SESSION_FORMAT = 'sequent-session';
/** 2: a chunk whose raw records are its events (ECS input) writes them once (`rawsAreEvents`). */
export const SESSION_VERSION = 2;
const READABLE = [1, 2];

export interface SessionFile {
  format: typeof SESSION_FORMAT;
  version: number;
  exportedAt: string;
  session: ServiceSession;
  files: ServiceFile[];
  alerts: AlertBody[];
  triage: ServiceTriage[];
  reports: StoredReport[];
  profile: FieldProfile | null;
  rules: Rule[];
  events: EventChunk[];
}

/** The file as Blob parts, one per chunk of events, so no single giant string is built. */
export function sessionFileParts(
  file: Omit<SessionFile, 'events'>,
  events: EventChunk[],
): string[] {
  const head = JSON.stringify({ ...file, events: [] });
  const parts = [head.slice(0, -3), '['];
  events.forEach((chunk, i) => parts.push((i ? ',' : '') + JSON.stringify(onceRaw(chunk))));
  parts.push(']}');
  return parts;
}

/**
 * The session file compressed with the platform's gzip: event JSON repeats the same field
 * names and values, so it shrinks many times over (a 135 MB export was the complaint).
 */
export async function gzipSessionFile(parts: string[]): Promise<Blob> {
  const stream = new Blob(parts).stream().pipeThrough(new CompressionStream('gzip'));
  const bytes = await new Response(stream).arrayBuffer();
  return new Blob([bytes], { type: 'application/gzip' });
}

/** The JSON text of a session file, compressed (this version) or plain (earlier exports). */
export async function sessionFileText(file: Blob): Promise<string> {
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (magic[0] !== 0x1f || magic[1] !== 0x8b) return file.text();
  try {
    return await new Response(file.stream().pipeThrough(new DecompressionStream('gzip'))).text();
  } catch (error) {
    throw new Error(
      `This session file is gzip-compressed but damaged (${(error as Error).message}).`,
      { cause: error },
    );
  }
}

type FileChunk = EventChunk & { rawsAreEvents?: true };

/**
 * ECS input is its own raw record: the chunk holds the same objects twice; write them once.
 * Raw .evtx records are written as their XML texts, as they were stored before they were kept
 * as chunk bytes (an import stores them as texts).
 */
function onceRaw(chunk: EventChunk): FileChunk {
  const same =
    chunk.raws.length === chunk.events.length && chunk.raws.every((r, i) => r === chunk.events[i]);
  if (same) return { ...chunk, raws: [], rawsAreEvents: true };
  return chunk.raws.some(isEvtxRecordRef) ? { ...chunk, raws: chunk.raws.map(rawRecord) } : chunk;
}

function withRaws({ rawsAreEvents, ...chunk }: FileChunk): EventChunk {
  return rawsAreEvents ? { ...chunk, raws: chunk.events } : chunk;
}

export function readSessionFile(text: string): SessionFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(
      `This is not a Sequent session file: it is not JSON (${(error as Error).message}).`,
      { cause: error },
    );
  }
  const file = data as Partial<SessionFile>;
  if (!file || typeof file !== 'object' || file.format !== SESSION_FORMAT) {
    throw new Error(`This is not a Sequent session file (no "format": "${SESSION_FORMAT}").`);
  }
  if (!READABLE.includes(file.version as number)) {
    throw new Error(
      `This session file has format version ${String(file.version)}; this Sequent reads versions ${READABLE.join(' and ')}. ` +
        'Open it with the Sequent that wrote it, or a newer one.',
    );
  }
  for (const key of ['session', 'files', 'alerts', 'triage', 'events'] as const) {
    if (file[key] === undefined)
      throw new Error(`The session file is incomplete: "${key}" is missing.`);
  }
  const events = (file.events as FileChunk[]).map(withRaws);
  return { reports: [], profile: null, rules: [], ...file, events } as SessionFile;
}

/** The same session under a new id (and new file and alert ids), ready to store. */
export function rekey(
  file: SessionFile,
  sessionId: string,
  newId: () => string,
  name: string,
  now: number,
) {
  const alertIds = new Map<string, string>();
  const alerts = file.alerts.map((a) => {
    const id = alertId(sessionId, a.identity);
    alertIds.set(a.id, id);
    return { ...a, id, sessionId };
  });
  return {
    session: { ...file.session, id: sessionId, name, createdAt: now, lastUsedAt: now },
    files: file.files.map((f) => ({ ...f, id: newId(), sessionId })),
    alerts,
    triage: file.triage
      .filter((t) => alertIds.has(t.alertId))
      .map((t) => ({ ...t, alertId: alertIds.get(t.alertId)!, sessionId })),
    events: file.events.map((c) => ({ ...c, sessionId })),
    reports: file.reports,
    profile: file.profile,
    rules: file.rules,
  };
}
