// What the services of one worker share: the database (opened on first use), the clock, the
// ingest, the one queue that scans and re-attaches wait in, the provisional alerts of running
// scans, and the session events at hand (stored or re-attached into memory).
import type { IDBPDatabase } from 'idb';
import type { AlertBody } from '../../../case/index.ts';
import { ingestFile } from '../../../ingest/index.ts';
import { builtinRules, type Rule } from '../../../rules/index.ts';
import type { SequentSchema } from '../../../store/schema.ts';
import type { ServiceSession } from '../../../store/service-records.ts';
import { DatabaseWatch, UPDATED_ELSEWHERE, type DatabaseHooks } from '../database-watch.ts';
import { Explainer } from '../explain-later.ts';
import { eqlLanguage } from '../language.ts';
import type { IngestFn, ScanFile } from '../scan-request.ts';
import { Repos } from '../repos.ts';
import { compileOptionsOf } from '../rule-view.ts';
import { SessionEvents } from './session-events.ts';

export interface AppServiceOptions {
  /** Opens the database; `hooks` tell the page when another tab needs it. */
  openDb: (hooks: DatabaseHooks) => Promise<IDBPDatabase<SequentSchema>>;
  ingest?: IngestFn;
  now?: () => number;
}

export class ServiceContext {
  readonly ingest: IngestFn;
  readonly now: () => number;
  /** Alerts of a session whose scan is still running, from what it has read so far. */
  readonly provisional = new Map<string, AlertBody[]>();
  readonly events = new SessionEvents();
  /** Explains an alert's steps when it is opened or exported (explain-later.ts). */
  readonly explainer = new Explainer();
  readonly database = new DatabaseWatch();
  readonly #openDb: (hooks: DatabaseHooks) => Promise<IDBPDatabase<SequentSchema>>;
  #repos: Promise<Repos> | undefined;
  /** Scans and re-attaches run one after another (the page may start the demo while a test
   *  or user scans, and a re-attach must not see a session's files change underneath). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: AppServiceOptions) {
    this.#openDb = options.openDb;
    this.ingest = options.ingest ?? ingestFile;
    this.now = options.now ?? Date.now;
  }

  /** The repositories; a failed open is retried on the next call rather than remembered. */
  repos(): Promise<Repos> {
    // The connection closed for another tab's upgrade: say so rather than "connection closing".
    if (this.database.updated) return Promise.reject(new Error(UPDATED_ELSEWHERE));
    this.#repos ??= this.#openDb(this.database.hooks()).then(
      (db) => new Repos(db),
      (error: unknown) => {
        this.#repos = undefined;
        throw this.database.openFailed(error);
      },
    );
    return this.#repos;
  }

  /** Runs `work` after every scan or re-attach queued before it, failed or not. */
  queued<T>(work: () => Promise<T>): Promise<T> {
    const mine = this.#queue.catch(() => undefined).then(work);
    this.#queue = mine.catch(() => undefined);
    return mine;
  }

  /** Every rule, the built-in ones seeded on first use. */
  async rules(): Promise<Rule[]> {
    const repos = await this.repos();
    await repos.rules.seed(builtinRules, this.now());
    return repos.rules.list();
  }
}

/** The session, or the error every service gives for an unknown one. */
export async function sessionOf(repos: Repos, id: string): Promise<ServiceSession> {
  const session = await repos.sessions.get(id);
  if (!session) throw new Error(`There is no session ${id}.`);
  return session;
}

/** The language a rule runs in: its timestamp, category and tiebreaker fields. */
export function ruleLanguage(
  rule: Pick<Rule, 'timestamp_override' | 'event_category_override' | 'tiebreaker_field'>,
) {
  return eqlLanguage(compileOptionsOf(rule));
}

export function blob(parts: BlobPart[], type: string): Blob {
  return new Blob(parts, { type });
}

/** Dropped files named as a scan names them: a file from a dropped folder by its path in it.
 *  (A File goes to helper workers as it is: it clones cheaply, a wrapper would not.) */
export function named(files: File[]): ScanFile[] {
  return files.map((f) => {
    const path = (f as File & { webkitRelativePath?: string }).webkitRelativePath;
    return path && path !== f.name ? new File([f], path, { type: f.type }) : f;
  });
}
