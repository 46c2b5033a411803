import { describe, expect, it } from 'vitest';
import { ProgressMeter } from '../../src/worker/app/progress.ts';
import {
  readSessionFile,
  rekey,
  sessionFileParts,
  type SessionFile,
} from '../../src/worker/app/session-file.ts';
import type { ScanProgress } from '../../src/worker/app-api.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest } from './helpers.ts';

async function sessionFile(): Promise<SessionFile> {
  const sink = new MemorySink();
  const result = await runScan(
    scanRequest([await scanFile(fixture('winrm-positive.ndjson'))], sink, { chunkSize: 3 }),
  );
  return {
    format: 'sequent-session',
    version: 1,
    exportedAt: '2024-05-03T00:00:00.000Z',
    session: {
      id: 'session-1',
      name: 'case',
      createdAt: 1,
      lastUsedAt: 2,
      files: 1,
      events: 8,
      alerts: 2,
      demo: false,
      storage: 'full',
      rules: [],
    },
    files: [...sink.files.values()].map((f, index) => ({
      ...f,
      index,
      addedAt: 1,
      format: f.source,
      eventCount: f.mapped,
    })),
    alerts: result.alerts,
    triage: [
      {
        alertId: result.alerts[0].id,
        sessionId: 'session-1',
        status: 'closed',
        closingReason: 'benign',
        note: 'ok',
        updatedAt: 3,
      },
    ],
    reports: sink.reports,
    profile: sink.profile,
    rules: [],
    events: sink.chunks,
  };
}

describe('session file', () => {
  it('assembles from parts into the JSON it describes, and reads back', async () => {
    const file = await sessionFile();
    const { events, ...rest } = file;
    const text = sessionFileParts(rest, events).join('');
    const plain = JSON.parse(JSON.stringify(file));
    const parsed = JSON.parse(text);
    expect({ ...parsed, events: [] }).toEqual({ ...plain, events: [] });
    // ECS input is its own raw record: written once, read back as both.
    expect(parsed.events.every((c: { raws: unknown[] }) => c.raws.length === 0)).toBe(true);
    const rawBytes = JSON.stringify(events.map((c) => c.raws)).length;
    expect(text.length).toBeLessThan(JSON.stringify(file).length - rawBytes * 0.9);
    const back = readSessionFile(text);
    expect(JSON.parse(JSON.stringify(back.events))).toEqual(plain.events);
    expect(back.events[0].raws[0]).toBe(back.events[0].events[0]);
    // A version-1 file with the raws written out reads as before.
    expect(readSessionFile(JSON.stringify(file)).events).toEqual(plain.events);
  });

  it('refuses other files and other versions with a reason', () => {
    expect(() => readSessionFile('not json')).toThrow(/not JSON/);
    expect(() => readSessionFile('{"format":"other"}')).toThrow(/not a Sequent session file/);
    expect(() => readSessionFile('{"format":"sequent-session","version":3}')).toThrow(
      /version 3.*reads versions 1 and 2/,
    );
    expect(() => readSessionFile('{"format":"sequent-session","version":1,"session":{}}')).toThrow(
      /"files" is missing/,
    );
  });

  it('re-keys a session: new ids everywhere, triage follows its alert', async () => {
    const file = await sessionFile();
    let n = 0;
    const copy = rekey(file, 'session-2', () => `new-${++n}`, 'copy', 10);
    expect(copy.session).toMatchObject({ id: 'session-2', name: 'copy', createdAt: 10 });
    expect(copy.files.every((f) => f.sessionId === 'session-2' && f.id.startsWith('new-'))).toBe(
      true,
    );
    expect(copy.events.every((c) => c.sessionId === 'session-2')).toBe(true);
    expect(copy.alerts.map((a) => a.identity)).toEqual(file.alerts.map((a) => a.identity));
    expect(
      copy.alerts.every((a, i) => a.id !== file.alerts[i].id && a.id.startsWith('session-2/')),
    ).toBe(true);
    expect(copy.triage).toEqual([
      { ...file.triage[0], alertId: copy.alerts[0].id, sessionId: 'session-2' },
    ]);
  });
});

describe('progress meter', () => {
  it('reports at most every 100 ms unless forced, with rate and ETA', () => {
    let t = 0;
    const sent: ScanProgress[] = [];
    const meter = new ProgressMeter(
      'scan',
      [{ fileId: 'f', name: 'a', bytesRead: 0, size: 1000, events: 0, status: 'scanning' }],
      (p) => sent.push(p),
      () => t,
    );
    for (t = 0; t <= 1000; t += 10) {
      meter.files[0].bytesRead = t / 2;
      meter.files[0].events = t;
      meter.tick();
    }
    expect(sent.length).toBe(11);
    const last = sent.at(-1)!;
    expect(last).toMatchObject({
      bytesRead: 500,
      bytesTotal: 1000,
      events: 1000,
      eventsPerSecond: 1000,
      elapsedMs: 1000,
      etaMs: 1000,
    });
    meter.setPhase('done');
    expect(sent.at(-1)).toMatchObject({ phase: 'done', etaMs: 0 });
  });

  it('survives a progress callback that throws (the page went away)', () => {
    const meter = new ProgressMeter('scan', [], () => {
      throw new Error('gone');
    });
    expect(() => meter.tick(true)).not.toThrow();
  });
});
