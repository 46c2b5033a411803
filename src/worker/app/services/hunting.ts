// Hunting: an analyst's own EQL query over a session's events, answered in the alerts' shape
// so the same table and evidence views show it; the field names for completion; the history.
import { OPEN } from '../../../case/index.ts';
import { newId } from '../../../store/id.ts';
import type { HuntResult, QueryCheck } from '../../app-api.ts';
import { CorrelationRun } from '../correlate.ts';
import { flatten } from '../fields.ts';
import { eqlLanguage } from '../language.ts';
import type { RunnableRule } from '../model.ts';
import { emptyResultNote, unknownFieldFlags } from '../unknown-fields.ts';
import { detailOf } from '../views.ts';
import { sessionOf, type ServiceContext } from './context.ts';

const DEFAULT_HUNT_SIZE = 100;
const MAX_HUNT_SIZE = 10_000;

export class HuntService {
  constructor(private readonly ctx: ServiceContext) {}

  async hunt(
    sessionId: string,
    query: string,
    options: { size?: number } = {},
  ): Promise<HuntResult> {
    const started = performance.now();
    const repos = await this.ctx.repos();
    const session = await sessionOf(repos, sessionId);
    const missing = await this.ctx.events.missing(repos, session, false, 'hunt');
    if (missing) throw new Error(missing);
    const language = eqlLanguage();
    let compiled;
    try {
      compiled = language.compile(query);
    } catch (error) {
      return {
        kind: 'event',
        rows: [],
        total: 0,
        truncated: false,
        elapsedMs: 0,
        error: language.toQueryError(error, query),
      };
    }
    const size = Math.min(MAX_HUNT_SIZE, Math.max(1, options.size ?? DEFAULT_HUNT_SIZE));
    const rule: RunnableRule = {
      id: 'hunt',
      name: 'Hunt',
      severity: 'low',
      riskScore: 0,
      maxSignals: size,
      query: compiled,
      compiledWith: language.options,
      conjuncts: [],
    };
    const files = await repos.files.list(sessionId);
    // A hunt's rows go to the page as they are, not stored: explained now (a language given).
    const run = new CorrelationRun([rule], size);
    for await (const batch of this.ctx.events.batches(repos, sessionId)) run.addEvents(batch);
    const result = run.finish(
      sessionId,
      (f) => files.find((x) => x.index === f)?.name ?? `file ${f + 1}`,
      language,
    );
    const outcome = result.outcomes[0];
    const rows = result.alerts[0].map((a) => detailOf(a, OPEN, null));
    await repos.hunts.add(sessionId, query, outcome.total, this.ctx.now(), newId());
    const emptyNote =
      outcome.total === 0 && !outcome.error
        ? emptyResultNote(unknownFieldFlags(query, await this.knownFields(sessionId)))
        : null;
    return {
      emptyNote,
      kind: compiled.kind,
      rows,
      total: outcome.total,
      truncated: outcome.more > 0,
      elapsedMs: Math.round(performance.now() - started),
      error: outcome.error
        ? {
            message: outcome.error,
            line: 1,
            column: 1,
            offset: 0,
            length: 1,
            formatted: outcome.error,
          }
        : null,
    };
  }

  /**
   * The session's field names as its ingest profile counted them, or null without a profile:
   * a guess from a few events must not call a field unknown.
   */
  async knownFields(sessionId: string): Promise<string[] | null> {
    const profile = await (await this.ctx.repos()).data.profile(sessionId);
    return profile ? Object.keys(profile.counts).filter((f) => profile.counts[f] > 0) : null;
  }

  /** A checked query, plus the fields it names that no event of the session has. */
  async flagUnknownFields(check: QueryCheck, query: string, sessionId: string) {
    if (!check.ok) return check;
    return { ...check, unknownFields: unknownFieldFlags(query, await this.knownFields(sessionId)) };
  }

  async fieldNames(sessionId: string): Promise<string[]> {
    const repos = await this.ctx.repos();
    const profile = await repos.data.profile(sessionId);
    if (profile) return Object.keys(profile.counts).sort();
    const names = new Set<string>();
    for await (const chunk of repos.events.chunks(sessionId)) {
      for (const doc of chunk.events.slice(0, 200))
        for (const k of Object.keys(flatten(doc))) names.add(k);
      break;
    }
    return [...names].sort();
  }

  async huntHistory(): Promise<string[]> {
    return (await this.ctx.repos()).hunts.recentQueries();
  }
}
