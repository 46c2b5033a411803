// The page's state: which session is open, which view shows, and the per-view states that
// all talk to the worker through one AppApi (a comlink proxy in the page, typed by app-api.ts).
import type { AppApi, SessionSummary } from '../../worker/app-api';
import type { TimeZoneMode } from '../lib/format';
import { AlertsState } from './alerts.svelte';
import { DatabaseState } from './database.svelte';
import { HuntState } from './hunt.svelte';
import { display } from './display.svelte';
import { Notices } from './notices.svelte';
import { Persistence } from './persistence';
import { ReattachState } from './reattach.svelte';
import { RulesState } from './rules.svelte';
import { ScanState } from './scan.svelte';
import type { SessionAccess } from './session-access';
import { SessionsState } from './sessions.svelte';
import { TimelineState } from './timeline.svelte';

export type View = 'scan' | 'alerts' | 'timeline' | 'rules' | 'hunt';

export const VIEWS: { id: View; label: string }[] = [
  { id: 'scan', label: 'Scan' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'rules', label: 'Rules' },
  { id: 'hunt', label: 'Hunt' },
];

export class AppState {
  readonly api: AppApi;
  readonly notices = new Notices();
  readonly sessions: SessionsState;
  readonly scan: ScanState;
  readonly alerts: AlertsState;
  readonly rules: RulesState;
  readonly hunt: HuntState;
  readonly reattach: ReattachState;
  readonly timeline: TimelineState;
  readonly database: DatabaseState;
  readonly persistence: Persistence;

  view = $state<View>('alerts');
  #viewPicked = false;
  ready = $state(false);

  constructor(api: AppApi) {
    this.api = api;
    this.sessions = new SessionsState(api, this.notices);
    this.database = new DatabaseState(api);
    this.persistence = new Persistence(this.notices, () => this.sessions.refresh());
    const access: SessionAccess = {
      api,
      notices: this.notices,
      sessionId: () => this.sessionId,
    };
    this.alerts = new AlertsState(access);
    this.hunt = new HuntState(access);
    this.timeline = new TimelineState(access);
    this.rules = new RulesState(access, {
      alertsChanged: () => this.alerts.reload(),
      sessionChanged: () => this.refreshSession(),
    });
    this.scan = new ScanState(access, {
      sessions: this.sessions,
      createSession: (name) => this.createSession(name),
      alertCount: () => this.alerts.rows.length,
      alertsChanged: () => this.alerts.reload(),
      beforeScan: (bytes) => this.persistence.beforeScan(bytes),
      scanned: () =>
        Promise.all([
          this.alerts.reload(),
          this.rules.loadReports(),
          this.hunt.loadFields(),
          this.refreshSession(),
        ]),
      recover: (id) => this.open(id, true),
    });
    this.reattach = new ReattachState(access, () =>
      Promise.all([this.sessions.refresh(), this.hunt.loadFields()]),
    );
  }

  /** The user's choice of view (a tab, a link), as opposed to the app's own moves. */
  pick(view: View): void {
    this.view = view;
    if (!this.ready) this.#viewPicked = true;
  }

  get zone(): TimeZoneMode {
    return display.zone;
  }

  set zone(zone: TimeZoneMode) {
    display.zone = zone;
  }

  get sessionId(): string | null {
    return this.sessions.current?.id ?? null;
  }

  async start(): Promise<void> {
    // First: an open that waits for another tab must be able to say so.
    this.database.watch();
    const [session] = await Promise.all([
      this.sessions.initial(),
      this.rules.load(),
      this.rules.loadExceptions(),
    ]);
    // A tab picked while the last session was still opening stays picked.
    if (session) await this.enter(session, this.#viewPicked);
    else if (!this.#viewPicked) this.view = 'scan';
    await this.sessions.refresh();
    this.ready = true;
  }

  /**
   * The scanning worker died (a fresh one is starting): says so, and which file it was
   * reading. A scan it ran ends in ScanState, which then opens the session again.
   */
  workerLost(why: string): void {
    this.rules.forgetCounts();
    const reading = this.scan.running ? this.scan.reading() : [];
    const where = reading.length ? ` while reading ${reading.join(', ')}` : '';
    this.notices.push(
      'error',
      `The scanning worker stopped${where}: ${why}. ` +
        (this.scan.running
          ? 'The files it finished are kept with their alerts; a fresh worker took over, and the Scan page offers to resume the rest.'
          : 'A fresh worker took over.'),
    );
  }

  /** Makes `session` the open one and reloads everything that depends on it. */
  async enter(session: SessionSummary, keepView = false): Promise<void> {
    this.sessions.current = session;
    this.alerts.reset();
    this.hunt.reset();
    this.scan.reset();
    this.reattach.reset();
    this.timeline.reset();
    await Promise.all([
      this.alerts.reload(),
      this.scan.loadFiles(),
      this.rules.loadReports(),
      this.hunt.loadFields(),
    ]);
    if (keepView) return;
    if (this.view === 'scan' && session.alerts > 0) this.view = 'alerts';
    if (session.alerts === 0 && session.files === 0) this.view = 'scan';
  }

  /** Opens a session (settling a scan it was cut off from first); `keepView` stays put. */
  async open(id: string, keepView = false): Promise<void> {
    const s = await this.notices.attempt('Opening the session', () => this.api.openSession(id));
    if (s) await this.enter(s, keepView);
    await this.sessions.refresh();
  }

  async createSession(name?: string): Promise<SessionSummary | undefined> {
    const s = await this.notices.attempt('Creating a session', () => this.api.createSession(name));
    if (s) {
      await this.enter(s);
      await this.sessions.refresh();
    }
    return s;
  }

  async loadDemo(): Promise<void> {
    const s = await this.notices.attempt('Loading the demo', () => this.api.loadDemo());
    if (s) await this.enter(s);
    await this.sessions.refresh();
  }

  /** After a scan or re-run: counts in the header and storage use change. */
  async refreshSession(): Promise<void> {
    await this.sessions.refresh();
  }

  /** Opens an alert's detail from anywhere (timeline marks, rule reports). */
  showAlert(alertId: string): void {
    this.view = 'alerts';
    void this.alerts.open(alertId);
  }
}
