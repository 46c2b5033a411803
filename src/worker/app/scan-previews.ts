// Provisional alerts: the correlation of what is read so far, whenever a file is done and now
// and then within a long one. Cheap because it works on candidates only (and stops past
// CorrelationRun's cap); the scan's final correlation replaces it.
import type { CorrelationRun } from './correlate.ts';
import type { AlertBody } from './model.ts';
import type { ProgressMeter } from './progress.ts';
import type { ScanRequest } from './scan-request.ts';

/** Time between previews, in multiples of the last preview's cost. */
const PREVIEW_SHARE = 10;
/** A preview this quick may run after every file. */
const CHEAP_PREVIEW_MS = 20;

export class Previews {
  private at = performance.now();
  /** The run's candidates at the last preview: no new candidate, no new preview. */
  private candidates = 0;
  private cost = 0;

  constructor(
    private readonly req: Pick<ScanRequest, 'onProvisional' | 'signal' | 'sessionId' | 'language'>,
    private readonly run: CorrelationRun,
    private readonly meter: ProgressMeter,
    private readonly fileName: (f: number) => string,
    /** Least time between previews in the middle of a file. */
    private readonly interval: number,
  ) {}

  /** After a batch, or (`fileDone`) after a file's reading ended. */
  readonly maybe = (fileDone: boolean): void => {
    if (!this.req.onProvisional || this.req.signal.aborted || !this.run.canPreview) return;
    if (this.run.candidateCount === this.candidates) return;
    const t = performance.now();
    // Many small files each end a read: a costly preview waits ten times its cost, so
    // previews take a tenth of the scan at most.
    const backoff = this.cost > CHEAP_PREVIEW_MS ? PREVIEW_SHARE * this.cost : 0;
    if (t - this.at < Math.max(fileDone ? 0 : this.interval, backoff)) return;
    this.candidates = this.run.candidateCount;
    const alerts = this.run
      .provisional(this.req.sessionId, this.fileName, this.req.language)
      ?.flat();
    this.at = performance.now();
    this.cost = this.at - t;
    if (alerts) this.publish(alerts);
  };

  /** Alerts a checkpoint correlated, shown as the provisional ones. */
  show(alerts: AlertBody[]): void {
    if (!this.req.onProvisional || this.req.signal.aborted) return;
    this.candidates = this.run.candidateCount;
    this.publish(alerts);
  }

  private publish(alerts: AlertBody[]): void {
    this.req.onProvisional!(alerts);
    this.meter.alerts = alerts.length;
    this.meter.tick(true);
  }
}
