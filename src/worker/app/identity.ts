// Stable identities, so a re-run can say which alerts are new, gone or unchanged, and an
// alert id stays the same across reloads and re-runs of the same data.
import type { AlertRow } from '../app-api.ts';

/** An event's identity: the file it came from and its record number there. */
export function eventIdentity(file: string, record: number): string {
  return `${file}#${record}`;
}

/** An alert's identity: the rule and the identities of its events, in order. */
export function alertIdentity(ruleId: string, events: readonly string[]): string {
  return `${ruleId}|${events.join('|')}`;
}

/** A short, stable hash of a string (two FNV-1a 32-bit passes), for ids. */
export function shortHash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The id an alert gets inside its session. */
export function alertId(sessionId: string, identity: string): string {
  return `${sessionId}/${shortHash(identity)}`;
}

export interface Identified {
  identity: string;
  row: AlertRow;
}

/** What a re-run changed, by identity: rows of new and gone alerts, the count of the rest. */
export function diffAlerts(before: readonly Identified[], after: readonly Identified[]) {
  const old = new Map(before.map((a) => [a.identity, a.row]));
  const now = new Set(after.map((a) => a.identity));
  const added = after.filter((a) => !old.has(a.identity)).map((a) => a.row);
  const removed = before.filter((a) => !now.has(a.identity)).map((a) => a.row);
  return { added, removed, unchanged: after.length - added.length };
}
