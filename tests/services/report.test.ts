import { describe, expect, it } from 'vitest';
import { WINRM_ELASTIC_RULE_ID, WINRM_SEQUENT_RULE_ID } from '../../src/rules/index.ts';
import type { FieldProfile } from '../../src/ingest/index.ts';
import { mergeProfiles } from '../../src/worker/app/report.ts';
import {
  countedReports,
  fixture,
  MemorySink,
  runScan,
  scanFile,
  scanRequest,
  sharedOrSkip,
} from './helpers.ts';

describe('rule reports', () => {
  it('explains why the WinRM rules stay silent on the OTRF PowerShell-remoting recording', async () => {
    const otrf = sharedOrSkip('samples/otrf/empire_psremoting_stager.ndjson');
    if (!otrf) return;
    const sink = new MemorySink();
    await runScan(scanRequest([await scanFile(otrf)], sink));
    // The scan's reports wait for their near-miss counts, taken after it from its events.
    const reports = await countedReports(sink);
    const elastic = reports.find((r) => r.ruleId === WINRM_ELASTIC_RULE_ID)!;
    const sequent = reports.find((r) => r.ruleId === WINRM_SEQUENT_RULE_ID)!;
    expect(elastic.counting).toBeUndefined();
    expect(elastic.alerts).toBe(0);
    expect(elastic.missingFields.find((m) => m.field === 'network.protocol')?.reason).toMatch(
      /^network\.protocol is never "http" in this data \(seen: .*\)$/,
    );
    expect(elastic.nearMisses[0]).toBe('stage 1 never matched, stage 2 never');
    expect(elastic.nearMisses.join('\n')).toContain('network.protocol == "http" never held');

    // Sequent's variant sees the incoming connections but no winrshost.exe child.
    expect(sequent.alerts).toBe(0);
    expect(sequent.stages[0].matched).toBeGreaterThan(0);
    expect(sequent.stages[0].hosts.join(' ')).toMatch(/WORKSTATION6/i);
    expect(sequent.stages[1].matched).toBe(0);
    expect(sequent.nearMisses[0]).toMatch(/^stage 1 matched \d+ times on 1 host, stage 2 never$/);
    expect(sequent.missingFields.map((m) => m.field)).toContain('process.parent.name');
    const conjunct = sequent.stages[1].conjuncts.find((c) => c.text.includes('winrshost.exe'));
    expect(conjunct).toMatchObject({ held: 0 });
    expect(conjunct!.of).toBeGreaterThan(0);
  });

  it('reports matched stages and no near misses when the rule fires', async () => {
    const sink = new MemorySink();
    await runScan(scanRequest([await scanFile(fixture('winrm-positive.ndjson'))], sink));
    const elastic = (await countedReports(sink)).find((r) => r.ruleId === WINRM_ELASTIC_RULE_ID)!;
    expect(elastic.alerts).toBe(1);
    expect(elastic.nearMisses).toEqual([]);
    // Stage 2 also sees srv1's winrshost.exe child, whose connection Elastic's rule cannot see.
    expect(elastic.stages.map((s) => s.matched)).toEqual([1, 2]);
    expect(elastic.stages[0].hosts).toEqual(['ws1']);
    expect(elastic.missingFields).toEqual([]);
  });

  it('merges field profiles across files up to the value cap', () => {
    const profile = (p: object) => ({ capped: [], valueCap: 2, ...p }) as unknown as FieldProfile;
    const merged = mergeProfiles([
      profile({
        counts: { a: 1, b: 2 },
        values: { a: ['x'], b: ['1', '2'] },
        profiled: 2,
        events: 3,
      }),
      profile({ counts: { a: 3 }, values: { a: ['y', 'z'] }, profiled: 3, events: 3 }),
    ]);
    expect(merged).toEqual({
      counts: { a: 4, b: 2 },
      values: { a: ['x', 'y'], b: ['1', '2'] },
      capped: ['a'],
      valueCap: 2,
      profiled: 5,
      events: 6,
    });
    expect(mergeProfiles([])).toBeNull();
  });
});
