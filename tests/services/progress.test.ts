// The scan's progress reports: at most one per interval, and news that must arrive (a file
// began or ended) is never dropped, only held until the interval has passed. A folder of
// hundreds of small files once sent a report, every file's row in it, for each such news.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROGRESS_INTERVAL_MS, ProgressMeter } from '../../src/worker/app/progress.ts';
import type { FileProgress, ScanProgress } from '../../src/worker/app-api.ts';

const file = (i: number): FileProgress => ({
  fileId: `f${i}`,
  name: `host-${i}.ndjson`,
  bytesRead: 0,
  size: 10,
  events: 0,
  status: 'queued',
});

function meter(files = 3) {
  const sent: ScanProgress[] = [];
  const m = new ProgressMeter(
    'scan',
    Array.from({ length: files }, (_, i) => file(i)),
    (p) => sent.push(p),
    () => Date.now(),
  );
  return { m, sent };
}

afterEach(() => vi.useRealTimers());

describe('ProgressMeter', () => {
  it('sends news that must arrive once the interval has passed, merged into one report', () => {
    vi.useFakeTimers();
    const { m, sent } = meter();
    m.tick(true);
    expect(sent).toHaveLength(1);
    // Three files end within the interval: no report now, one with all three after it.
    for (const f of m.files) {
      f.status = 'done';
      f.events = 1;
      m.tick(true);
    }
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(PROGRESS_INTERVAL_MS);
    expect(sent).toHaveLength(2);
    expect(sent[1].files.map((f) => f.status)).toEqual(['done', 'done', 'done']);
    expect(sent[1].events).toBe(3);
    vi.advanceTimersByTime(10 * PROGRESS_INTERVAL_MS);
    expect(sent).toHaveLength(2);
  });

  it('drops a plain tick within the interval, and sends one after it', () => {
    vi.useFakeTimers();
    const { m, sent } = meter();
    m.tick();
    m.tick();
    vi.advanceTimersByTime(10 * PROGRESS_INTERVAL_MS);
    expect(sent).toHaveLength(1);
    m.tick();
    expect(sent).toHaveLength(2);
  });

  it('reports a new phase at once, with the news held back, and nothing after closing', () => {
    vi.useFakeTimers();
    const { m, sent } = meter();
    m.tick(true);
    m.files[0].status = 'done';
    m.tick(true);
    m.setPhase('done');
    expect(sent.map((p) => p.phase)).toEqual(['reading', 'done']);
    expect(sent[1].files[0].status).toBe('done');
    m.files[1].status = 'done';
    m.tick(true);
    m.close();
    vi.advanceTimersByTime(10 * PROGRESS_INTERVAL_MS);
    m.tick(true);
    expect(sent).toHaveLength(2);
  });
});
