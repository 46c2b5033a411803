// Sessions (cases): listing, creating, renaming, duplicating, deleting, and a session as one
// file (export and import), plus how much of the browser's storage they use.
import { filesExtent, type SessionSummary } from '../../../case/index.ts';
import { newId } from '../../../store/id.ts';
import type { ServiceSession } from '../../../store/service-records.ts';
import type { StorageInfo } from '../../app-api.ts';
import {
  gzipSessionFile,
  readSessionFile,
  rekey,
  SESSION_FORMAT,
  SESSION_VERSION,
  sessionFileParts,
  sessionFileText,
} from '../session-file.ts';
import { sessionSummary, storedAlert } from '../views.ts';
import type { ServiceContext } from './context.ts';

function defaultName(now: number): string {
  return `Case ${new Date(now).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export class SessionService {
  constructor(private readonly ctx: ServiceContext) {}

  async listSessions(): Promise<SessionSummary[]> {
    const repos = await this.ctx.repos();
    const sessions = (await repos.sessions.list()).map(sessionSummary);
    // Hosts and time range tell cases apart in the list; they live in the file summaries.
    return Promise.all(
      sessions.map(async (s) => ({ ...s, ...filesExtent(await repos.files.list(s.id)) })),
    );
  }

  async lastSession(): Promise<SessionSummary | null> {
    return (await this.listSessions())[0] ?? null;
  }

  async createSession(name?: string, demo = false): Promise<SessionSummary> {
    const now = this.ctx.now();
    const session: ServiceSession = {
      id: newId(),
      name: name?.trim() || defaultName(now),
      createdAt: now,
      lastUsedAt: now,
      files: 0,
      events: 0,
      alerts: 0,
      demo,
      storage: 'full',
      rules: [],
    };
    await (await this.ctx.repos()).sessions.create(session);
    return sessionSummary(session);
  }

  async openSession(id: string): Promise<SessionSummary> {
    const repos = await this.ctx.repos();
    return sessionSummary(
      await repos.sessions.update(id, (s) => ({ ...s, lastUsedAt: this.ctx.now() })),
    );
  }

  async renameSession(id: string, name: string): Promise<void> {
    const trimmed = name.trim();
    if (!trimmed) throw new Error('A session needs a name.');
    await (
      await this.ctx.repos()
    ).sessions.update(id, (s) => ({ ...s, name: trimmed, lastUsedAt: this.ctx.now() }));
  }

  async duplicateSession(id: string): Promise<SessionSummary> {
    const snapshot = await this.#snapshot(id);
    return this.#restore(snapshot, `${snapshot.session.name} (copy)`);
  }

  async deleteSession(id: string): Promise<void> {
    await (await this.ctx.repos()).sessions.delete(id);
    this.ctx.events.attached.drop(id);
  }

  async storageInfo(): Promise<StorageInfo> {
    const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
    if (!storage?.estimate) return { usage: 0, quota: 0, persisted: false };
    const estimate = await storage.estimate();
    let persisted = false;
    // persist() exists on pages only; in the worker, report whether the page obtained it.
    const persist = (storage as { persist?: () => Promise<boolean> }).persist;
    if (typeof persist === 'function') persisted = await persist.call(storage).catch(() => false);
    else if (typeof storage.persisted === 'function')
      persisted = await storage.persisted().catch(() => false);
    return { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
  }

  async exportSession(id: string): Promise<Blob> {
    const { events, alerts, ...rest } = await this.#snapshot(id);
    // The file carries each alert's explanation, as files did before they waited for an
    // opening: a Sequent that cannot build them shows them all the same.
    const explained = alerts.map((a) => this.ctx.explainer.explained(a));
    return gzipSessionFile(sessionFileParts({ ...rest, alerts: explained }, events));
  }

  async importSession(file: Blob): Promise<SessionSummary> {
    const snapshot = readSessionFile(await sessionFileText(file));
    const taken = (await this.listSessions()).some((s) => s.name === snapshot.session.name);
    return this.#restore(
      snapshot,
      taken ? `${snapshot.session.name} (imported)` : snapshot.session.name,
    );
  }

  async #snapshot(id: string) {
    const repos = await this.ctx.repos();
    const session = await repos.sessions.get(id);
    if (!session) throw new Error(`There is no session ${id}.`);
    const alerts = await repos.alerts.list(id);
    const triage = await repos.triage.bySession(id);
    const used = new Set(alerts.map((a) => a.ruleId));
    const events = [];
    for await (const chunk of repos.events.chunks(id)) events.push(chunk);
    return {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      exportedAt: new Date(this.ctx.now()).toISOString(),
      session,
      files: await repos.files.list(id),
      alerts: alerts.map((a) => a.detail),
      triage: [...triage].map(([alertId, t]) => ({
        alertId,
        sessionId: id,
        status: t.status,
        closingReason: t.reason,
        note: t.notes,
        updatedAt: t.updatedAt,
      })),
      reports: await repos.data.reports(id),
      profile: await repos.data.profile(id),
      rules: (await repos.rules.list()).filter(
        (r) => used.has(r.id) || session.rules.includes(r.id),
      ),
      events,
    } as const;
  }

  async #restore(snapshot: Parameters<typeof rekey>[0], name: string): Promise<SessionSummary> {
    const repos = await this.ctx.repos();
    const now = this.ctx.now();
    const data = rekey(snapshot, newId(), newId, name, now);
    await repos.sessions.create(data.session);
    for (const f of data.files) await repos.files.put(f);
    for (const c of data.events) await repos.events.put(c);
    await repos.alerts.replace(data.session.id, data.alerts.map(storedAlert));
    await repos.triage.putAll(data.triage);
    await repos.data.putReports(data.session.id, data.reports);
    await repos.data.putProfile(data.session.id, data.profile);
    // Rules the case was made with come along, switched off, unless they are already here.
    const known = new Set((await repos.rules.list()).map((r) => r.id));
    const missing = data.rules
      .filter((r) => !known.has(r.id))
      .map((r) => ({ ...r, enabled: false }));
    if (missing.length) await repos.rules.putAll(missing, now);
    return sessionSummary(data.session);
  }
}
