import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { generateTelemetry, plantedTruth, type TelemetryOptions } from '../../src/demo/index.ts';
import { get, withoutRecordId } from './helpers.ts';

const options: TelemetryOptions = {
  events: 6_000,
  hosts: 10,
  seed: 42,
  planted: 3,
  plantedSysmon: 2,
  plantedSecurity: 1,
  start: '2024-05-01T00:00:00.000Z',
};
const docs = [...generateTelemetry(options)];
const ndjson = (d: Iterable<Doc>) => Array.from(d, (doc) => JSON.stringify(doc)).join('\n');

describe('synthetic telemetry', () => {
  it('is the same bytes for the same seed, and different for another seed', () => {
    const again = ndjson(generateTelemetry(options));
    expect(again).toBe(ndjson(docs));
    expect(ndjson(generateTelemetry({ ...options, seed: 43 }))).not.toBe(again);
  });

  it('can be iterated twice with the same result', () => {
    const small = generateTelemetry({ ...options, events: 500 });
    expect(ndjson(small)).toBe(ndjson(small));
  });

  it('holds exactly the number of events asked for, in time order, from the start time', () => {
    expect(docs).toHaveLength(options.events);
    expect(docs[0]['@timestamp']).toBe('2024-05-01T00:00:00.000Z');
    const times = docs.map((d) => Date.parse(d['@timestamp'] as string));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
  });

  it('labels every document synthetic', () => {
    expect(docs.every((d) => get(d, 'labels.synthetic') === true)).toBe(true);
  });

  it('writes Winlogbeat / Defend ECS: ISO times, category arrays, windows hosts with stable ids', () => {
    const idByHost = new Map<unknown, Set<unknown>>();
    const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    const wrong = docs.filter(
      (d) =>
        !isoTime.test(d['@timestamp'] as string) ||
        !Array.isArray(get(d, 'event.category')) ||
        !Array.isArray(get(d, 'event.type')) ||
        get(d, 'host.os.type') !== 'windows',
    );
    expect(wrong).toEqual([]);
    for (const d of docs) {
      const name = get(d, 'host.name');
      if (!idByHost.has(name)) idByHost.set(name, new Set());
      idByHost.get(name)?.add(get(d, 'host.id'));
    }
    expect(idByHost.size).toBe(options.hosts);
    for (const ids of idByHost.values()) expect(ids.size).toBe(1);
  });

  it('numbers records per host and channel, like a Windows event log', () => {
    const last = new Map<string, number>();
    for (const d of docs) {
      if (!d.winlog) continue;
      const key = `${get(d, 'host.id')}|${get(d, 'winlog.channel')}`;
      const id = get(d, 'winlog.record_id') as number;
      if (id !== (last.get(key) ?? 0) + 1) throw new Error(`record ${id} after ${last.get(key)}`);
      last.set(key, id);
    }
    expect(last.size).toBeGreaterThan(options.hosts);
  });

  it('covers Sysmon 1/3/5/7/10/11/13/22, Security 4624/4688/5156 and Elastic Defend', () => {
    const seen = new Map<string, Doc>();
    for (const d of docs) {
      const key = d.winlog
        ? `${get(d, 'winlog.channel')}:${get(d, 'event.code')}`
        : String(get(d, 'event.dataset'));
      if (!seen.has(key)) seen.set(key, d);
    }
    const sysmon = 'Microsoft-Windows-Sysmon/Operational';
    for (const code of ['1', '3', '5', '7', '10', '11', '13', '22']) {
      expect(seen.has(`${sysmon}:${code}`), `Sysmon ${code}`).toBe(true);
    }
    for (const code of ['4624', '4688', '5156']) {
      expect(seen.has(`Security:${code}`), `Security ${code}`).toBe(true);
    }
    expect(seen.has('endpoint.events.process')).toBe(true);
    expect(seen.has('endpoint.events.network')).toBe(true);

    // Each source's documents carry the fields the rules and the UI read.
    const s1 = seen.get(`${sysmon}:1`) as Doc;
    expect(get(s1, 'event.provider')).toBe('Microsoft-Windows-Sysmon');
    expect(get(s1, 'winlog.event_id')).toBe('1');
    expect(get(s1, 'winlog.computer_name')).toMatch(/\.corp\.example$/);
    expect(get(s1, 'winlog.event_data.Image')).toBe(get(s1, 'process.executable'));
    expect(typeof get(s1, 'process.parent.name')).toBe('string');
    expect(typeof get(s1, 'user.name')).toBe('string');
    const s3 = seen.get(`${sysmon}:3`) as Doc;
    expect(typeof get(s3, 'destination.port')).toBe('number');
    expect(typeof get(s3, 'source.ip')).toBe('string');
    expect(get(s3, 'network.direction')).toMatch(/^(ingress|egress)$/);
    expect(get(seen.get(`${sysmon}:11`) as Doc, 'file.path')).toBeTypeOf('string');
    expect(get(seen.get(`${sysmon}:13`) as Doc, 'registry.path')).toBeTypeOf('string');
    expect(get(seen.get(`${sysmon}:22`) as Doc, 'dns.question.name')).toBeTypeOf('string');
    expect(get(seen.get('Security:4624') as Doc, 'winlog.logon.type')).toBeTypeOf('string');
  });

  it('builds process trees: every Sysmon child names a parent that exists on its host', () => {
    const started = new Set<string>();
    let children = 0;
    for (const d of docs) {
      if (get(d, 'event.code') !== '1') continue;
      started.add(`${get(d, 'host.id')}|${get(d, 'process.entity_id')}`);
      children++;
    }
    let known = 0;
    for (const d of docs) {
      if (get(d, 'event.code') !== '1') continue;
      if (started.has(`${get(d, 'host.id')}|${get(d, 'process.parent.entity_id')}`)) known++;
    }
    // Long-running parents (explorer, services, svchost) started before the data begins.
    expect(children).toBeGreaterThan(500);
    expect(known).toBeGreaterThan(0);
    const parents = new Set(
      docs.filter((d) => get(d, 'event.code') === '1').map((d) => get(d, 'process.parent.name')),
    );
    for (const name of ['explorer.exe', 'svchost.exe', 'cmd.exe', 'winrshost.exe']) {
      expect(parents.has(name), name).toBe(true);
    }
  });

  it('plants the sequences plantedTruth describes, with the shape the rules look for', () => {
    const truth = plantedTruth(options);
    expect(truth.map((p) => p.flavor).sort()).toEqual([
      'defend',
      'defend',
      'defend',
      'security',
      'sysmon',
      'sysmon',
    ]);
    const emitted = new Set(docs.map((d) => JSON.stringify(withoutRecordId(d))));
    for (const p of truth) {
      for (const doc of p.docs) expect(emitted.has(JSON.stringify(doc))).toBe(true);
      const n = p.network;
      const proc = p.process;
      expect(get(n, 'host.id')).toBe(p.hostId);
      expect(get(proc, 'host.id')).toBe(p.hostId);
      expect(get(n, 'network.direction')).toBe('ingress');
      expect([5985, 5986]).toContain(get(n, 'destination.port'));
      expect(['127.0.0.1', '::1']).not.toContain(get(n, 'source.ip'));
      expect(get(n, 'process.pid')).toBe(4);
      expect(get(proc, 'process.parent.name')).toBe('winrshost.exe');
      expect(get(proc, 'process.name')).not.toBe('conhost.exe');
      expect(get(proc, 'event.type')).toEqual(['start']);
      const dt =
        Date.parse(get(proc, '@timestamp') as string) - Date.parse(get(n, '@timestamp') as string);
      expect(dt).toBeGreaterThan(0);
      expect(dt).toBeLessThanOrEqual(30_000);
      if (p.flavor === 'defend') {
        expect(p.matchedBy).toBe('elastic');
        expect(get(n, 'network.protocol')).toBe('http');
        expect(get(n, 'event.dataset')).toBe('endpoint.events.network');
      } else {
        expect(p.matchedBy).toBe('sequent');
        expect(get(n, 'network.protocol')).toBeUndefined();
        expect(get(n, 'event.code')).toBe(p.flavor === 'sysmon' ? '3' : '5156');
        expect(get(proc, 'event.code')).toBe(p.flavor === 'sysmon' ? '1' : '4688');
      }
    }
  });

  it('rejects options it cannot honour, saying why', () => {
    const bad = (o: Partial<TelemetryOptions>) => () => [
      ...generateTelemetry({ ...options, ...o }),
    ];
    expect(bad({ hosts: 1 })).toThrow(/at least 2 hosts/);
    expect(bad({ events: 10 })).toThrow(/cannot hold/);
    expect(bad({ events: 1.5 })).toThrow(/whole numbers/);
    expect(bad({ start: 'yesterday' })).toThrow(/unusable start time/);
  });
});
