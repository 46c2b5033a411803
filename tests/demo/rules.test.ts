import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import {
  demoDataset,
  generateTelemetry,
  plantedTruth,
  type PlantedSequence,
  type TelemetryOptions,
} from '../../src/demo/index.ts';
import { WINRM_ELASTIC_QUERY, WINRM_SEQUENT_QUERY } from '../../src/rules/index.ts';
import { get, sequences } from './helpers.ts';

// What identifies a two-event alert: host, and the times of the connection and the shell.
const key = (events: Doc[]) =>
  events.map((e) => `${get(e, 'host.id')}@${get(e, '@timestamp')}`).join(' → ');
const truthKey = (p: PlantedSequence) => key([p.network, p.process]);

describe('the built-in WinRM rules on synthetic telemetry (real language and correlator)', () => {
  it('find exactly the planted sequences in the demo data set', () => {
    const demo = demoDataset();
    expect(demo.docs).toHaveLength(3000);
    expect(new Set(demo.docs.map((d) => get(d, 'host.id'))).size).toBe(5);
    expect(demo.planted.map((p) => p.matchedBy).sort()).toEqual(['elastic', 'elastic', 'sequent']);
    expect(demo.planted.find((p) => p.matchedBy === 'sequent')?.flavor).toBe('sysmon');

    const elastic = sequences(WINRM_ELASTIC_QUERY, demo.docs).map(key);
    const sequent = sequences(WINRM_SEQUENT_QUERY, demo.docs).map(key);
    const want = (by: string) =>
      demo.planted
        .filter((p) => p.matchedBy === by)
        .map(truthKey)
        .sort();
    expect(elastic.sort()).toEqual(want('elastic'));
    expect(sequent.sort()).toEqual(want('sequent'));
  });

  it('find Sysmon and Security sequences with the Sequent variant only, Defend ones with Elastic only', () => {
    const options: TelemetryOptions = {
      events: 8000,
      hosts: 8,
      seed: 'rules',
      planted: 2,
      plantedSysmon: 2,
      plantedSecurity: 2,
      start: '2024-06-01T12:00:00Z',
    };
    const docs = [...generateTelemetry(options)];
    const truth = plantedTruth(options);
    const elastic = sequences(WINRM_ELASTIC_QUERY, docs).map(key).sort();
    const sequent = sequences(WINRM_SEQUENT_QUERY, docs).map(key).sort();
    expect(elastic).toEqual(
      truth
        .filter((p) => p.flavor === 'defend')
        .map(truthKey)
        .sort(),
    );
    expect(sequent).toEqual(
      truth
        .filter((p) => p.flavor !== 'defend')
        .map(truthKey)
        .sort(),
    );
  });

  describe('WinRM look-alikes', () => {
    const options: TelemetryOptions = {
      events: 8000,
      hosts: 10,
      seed: 'decoys',
      planted: 0,
      decoys: 60,
      start: '2024-06-02T00:00:00Z',
    };
    const docs = [...generateTelemetry(options)];
    const both = (edit: (q: string) => string) =>
      sequences(edit(WINRM_ELASTIC_QUERY), docs).length +
      sequences(edit(WINRM_SEQUENT_QUERY), docs).length;

    it('never fire either rule', () => {
      expect(sequences(WINRM_ELASTIC_QUERY, docs)).toEqual([]);
      expect(sequences(WINRM_SEQUENT_QUERY, docs)).toEqual([]);
    });

    // Each look-alike must be a near miss: drop the one check it breaks and the rule fires.
    it('loopback peers: caught only by the source.ip checks', () => {
      expect(
        both((q) => q.replace(/ and source\.ip != "127\.0\.0\.1" and source\.ip != "::1"/, '')),
      ).toBeGreaterThan(0);
    });

    it('a console host alone: caught only by `not process.name : "conhost.exe"`', () => {
      expect(both((q) => q.replace(' and not process.name : "conhost.exe"', ''))).toBeGreaterThan(
        0,
      );
    });

    it('a shell after more than 30 s: caught only by maxspan', () => {
      expect(both((q) => q.replace('maxspan=30s', 'maxspan=2m'))).toBeGreaterThan(0);
    });

    it('PowerShell remoting: caught only by the winrshost.exe parent', () => {
      expect(both((q) => q.replace('"winrshost.exe"', '"wsmprovhost.exe"'))).toBeGreaterThan(0);
    });

    it('outgoing WinRM: caught by the direction and System-process checks', () => {
      const relaxed = (q: string) =>
        q
          .replace('process.pid == 4 and ', '')
          .replace(
            '(process.pid == 4 or process.executable : "System" or process.name : "System") and ',
            '',
          )
          .replace('network.direction : ("incoming", "ingress")', 'network.direction : "egress"');
      expect(both(relaxed)).toBeGreaterThan(0);
    });

    it('the shell on another host: caught only by `by host.id`', () => {
      expect(both((q) => q.replace('sequence by host.id', 'sequence'))).toBeGreaterThan(0);
    });
  });
});
