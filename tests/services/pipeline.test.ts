import { describe, expect, it } from 'vitest';
import { WINRM_ELASTIC_RULE_ID, WINRM_SEQUENT_RULE_ID } from '../../src/rules/index.ts';
import type { ScanProgress } from '../../src/worker/app-api.ts';
import { Explainer } from '../../src/worker/app/explain-later.ts';
import { fixture, MemorySink, runScan, scanFile, scanRequest, sharedOrSkip } from './helpers.ts';

describe('scan pipeline (real ingest, engine, rules, language)', () => {
  it('finds both planted sequences with evidence, and nothing in the OTRF recording', async () => {
    const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    const files = [await scanFile(fixture('winrm-positive.ndjson'))];
    if (otrf) files.push(await scanFile(otrf));
    const sink = new MemorySink();
    const progress: ScanProgress[] = [];
    const result = await runScan(scanRequest(files, sink, { onProgress: (p) => progress.push(p) }));

    expect(result.cancelled).toBe(false);
    expect(result.files.map((f) => f.status)).toEqual(files.map(() => 'done'));
    const byRule = (id: string) => result.alerts.filter((a) => a.ruleId === id);
    const elastic = byRule(WINRM_ELASTIC_RULE_ID);
    const sequent = byRule(WINRM_SEQUENT_RULE_ID);
    expect(elastic.map((a) => a.host)).toEqual(['ws1']);
    expect(sequent.map((a) => a.host)).toEqual(['srv1']);

    const alert = elastic[0];
    expect(alert.steps).toHaveLength(2);
    expect(alert.steps.map((s) => [s.file, s.line])).toEqual([
      ['winrm-positive.ndjson', 2],
      ['winrm-positive.ndjson', 4],
    ]);
    // Lines of a text file, not records of a raw .evtx.
    expect(alert.steps.some((s) => 'evtxRecord' in s)).toBe(false);
    expect(alert.steps[1].gapMs).toBe(2500);
    expect(alert.process).toContain('cmd.exe');
    expect(alert.user).toBe('CORP\\mallory');
    expect(alert.joinKeys).toEqual(['h-ws1']);
    // Left for when the alert is opened, and then built from what is stored.
    expect(alert.steps[0]).not.toHaveProperty('explanation');
    const opened = new Explainer().explained(structuredClone(alert));
    expect(opened.steps[0].explanation?.result).toBe(true);
    expect(
      typeof alert.steps[0].raw === 'string' ? JSON.parse(alert.steps[0].raw) : alert.steps[0].raw,
    ).toMatchObject({
      network: { protocol: 'http' },
    });
    expect(alert.timestamp).toBe(Date.parse('2024-05-01T10:00:05.000Z'));
    expect(alert.endTimestamp).toBe(Date.parse('2024-05-01T10:00:07.500Z'));
    // Everything the UI and IndexedDB receive must survive structured clone.
    expect(structuredClone(alert)).toEqual(alert);

    // Persistence happened as results arrived: summaries, chunks with lines, alerts, reports.
    expect(sink.alerts).toHaveLength(result.alerts.length);
    expect(sink.reports.map((r) => r.ruleId).sort()).toEqual(
      [WINRM_ELASTIC_RULE_ID, WINRM_SEQUENT_RULE_ID].sort(),
    );
    const stored = sink.chunks.reduce((n, c) => n + c.events.length, 0);
    expect(stored).toBe(result.events);
    expect(sink.chunks[0].lines[0]).toBe(1);
    expect(sink.files.get(0)?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(progress.at(-1)?.phase).toBe('done');
    expect(progress.at(-1)?.alerts).toBe(result.alerts.length);

    if (otrf) {
      const otrfFile = result.files[1];
      expect(otrfFile.source).toBe('otrf-nxlog');
      expect(otrfFile.hosts.join(' ')).toMatch(/WORKSTATION6/i);
      expect(result.alerts.some((a) => a.steps.some((s) => s.file === otrfFile.name))).toBe(false);
    }
  });

  it('keeps scanning the other files when one is malformed', async () => {
    const files = [
      await scanFile(fixture('malformed.ndjson')),
      await scanFile(fixture('winrm-positive.ndjson')),
    ];
    const sink = new MemorySink();
    const result = await runScan(scanRequest(files, sink));
    const bad = result.files[0];
    expect(bad.status === 'error' ? bad.error : bad.errors[0]?.message).toBeTruthy();
    expect(bad.mapped).toBe(0);
    expect(result.files[1].status).toBe('done');
    expect(result.alerts.length).toBe(2);
  });

  it('stops when cancelled and marks the files it did not finish', async () => {
    const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    if (!otrf) return;
    const controller = new AbortController();
    const files = [await scanFile(otrf), await scanFile(fixture('winrm-positive.ndjson'))];
    const sink = new MemorySink();
    const started = performance.now();
    let cancelledAt = 0;
    const result = await runScan(
      scanRequest(files, sink, {
        signal: controller.signal,
        chunkSize: 200,
        onProgress: (p) => {
          if (p.events > 0 && !controller.signal.aborted) {
            cancelledAt = performance.now();
            controller.abort();
          }
        },
      }),
    );
    expect(result.cancelled).toBe(true);
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
    expect(result.files.map((f) => f.status)).toEqual(['cancelled', 'cancelled']);
    expect(result.alerts).toEqual([]);
    expect(performance.now() - started).toBeLessThan(10_000);
    // The file cut short still says what it is, and its counts are the events it gave.
    // (A cancelled scan answers at once; its last writes land behind it.)
    const cut = sink.files.get(0)!;
    const stored = () =>
      sink.chunks.filter((c) => c.file === 0).reduce((n, c) => n + c.events.length, 0);
    expect(cut.source).toBe('otrf-nxlog');
    expect(cut.hosts.length).toBeGreaterThan(0);
    expect(cut.timeRange).not.toBeNull();
    expect(cut.records).toBeGreaterThan(0);
    await expect.poll(stored).toBe(cut.records);
    expect(cut.mapped).toBeGreaterThan(0);
    expect(cut.mapped).toBeLessThanOrEqual(cut.records);
    expect(result.profile?.events).toBe(cut.records);
  });

  it('keeps alerts and evidence when storage runs out, and says so per file', async () => {
    const files = [await scanFile(fixture('winrm-positive.ndjson'))];
    const sink = new MemorySink();
    sink.quotaAfter = 0;
    const result = await runScan(scanRequest(files, sink, { chunkSize: 2 }));
    expect(result.storage).toBe('alerts-only');
    expect(sink.dropped).toBe(true);
    expect(sink.chunks).toEqual([]);
    expect(result.alerts).toHaveLength(2);
    expect(result.alerts[0].steps[0].doc).toBeTruthy();
    expect(sink.files.get(0)?.warnings.join(' ')).toMatch(
      /Storage is full.*attach the original files/,
    );
  });
});
