// A case as the analyst sees it: one session, its files and their outcome. Plain data that
// crosses the worker boundary and sits in IndexedDB alike.

export interface SessionSummary {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt: number;
  files: number;
  events: number;
  alerts: number;
  /** A synthetic demo session built from src/demo. */
  demo: boolean;
  /** 'full': normalized events are stored (hunting works after reload);
   *  'alerts-only': the quota was too small — alerts and evidence kept, files must be re-attached to hunt. */
  storage: 'full' | 'alerts-only';
  /** What tells cases apart in a list, from the file summaries (absent where not computed). */
  hosts?: string[];
  timeRange?: [number, number] | null;
  /**
   * The last scan was cancelled: the events its files gave before the cancel are stored (and
   * counted) but the alerts do not cover them yet, until the user keeps them (the rules run
   * over them) or discards them.
   */
  cancelled?: boolean;
  /**
   * After a scan was cut short: finished files whose alerts are not stored (the scan ended
   * between two checkpoints); keeping or discarding runs the rules so they are covered.
   */
  uncovered?: string[];
}

export interface FileIssue {
  line: number;
  offset: number;
  message: string;
}

export interface FileSummary {
  id: string;
  sessionId: string;
  name: string;
  size: number;
  /** Hex SHA-256 of the file's bytes, for chain of custody. */
  sha256: string | null;
  encoding: string;
  container: string;
  /** The detected shape (e.g. "OTRF / NXLog flat records") and why it was chosen. */
  source: string;
  sourceReason: string;
  hosts: string[];
  /** [first, last] @timestamp in epoch ms, null before any event was read. */
  timeRange: [number, number] | null;
  records: number;
  mapped: number;
  skipped: number;
  /** Events without a usable @timestamp (cannot be ordered; counted, never dropped silently). */
  untimed: number;
  errors: FileIssue[];
  warnings: string[];
  /** Raw .evtx files: chunks and records read, damaged ones skipped, in one line. */
  evtx?: string;
  /** `duplicate`: the same bytes (SHA-256) are already in the case; the file was not read. */
  status: 'queued' | 'scanning' | 'done' | 'error' | 'cancelled' | 'duplicate';
  /** A fatal error for the whole file (unreadable, unknown format), in plain words. */
  error: string | null;
  /** With status `duplicate`: the name of the file of the case that holds the same bytes. */
  duplicateOf?: string;
  /** Records that were already in the case (the same event from another file): kept once. */
  duplicates?: number;
}

/** The hosts and the overall time range of a case's files. */
export function filesExtent(files: readonly Pick<FileSummary, 'hosts' | 'timeRange'>[]): {
  hosts: string[];
  timeRange: [number, number] | null;
} {
  const hosts = new Set<string>();
  let range: [number, number] | null = null;
  for (const f of files) {
    for (const h of f.hosts) hosts.add(h);
    if (!f.timeRange) continue;
    range = range
      ? [Math.min(range[0], f.timeRange[0]), Math.max(range[1], f.timeRange[1])]
      : [f.timeRange[0], f.timeRange[1]];
  }
  return { hosts: [...hosts].sort(), timeRange: range };
}
