import { describe, expect, it } from 'vitest';
import {
  compile,
  conjuncts,
  explain,
  fieldsOf,
  parse,
  toEpochMillis,
} from '../../src/eql/index.ts';

const WINRM =
  'sequence by host.id with maxspan=30s [network where process.pid == 4 and network.direction : ("incoming", "ingress") and destination.port in (5985, 5986) and network.protocol == "http" and source.ip != "127.0.0.1" and source.ip != "::1"] [process where event.type == "start" and process.parent.name : "winrshost.exe" and not process.name : "conhost.exe"]';

const connection = {
  '@timestamp': '2024-05-01T10:00:00.000Z',
  event: { category: ['network'], type: ['connection'] },
  host: { id: 'h1' },
  process: { pid: 4 },
  network: { direction: 'Incoming', protocol: 'http' },
  destination: { port: 5985 },
  source: { ip: '172.18.39.5' },
};
const shell = {
  '@timestamp': '2024-05-01T10:00:03Z',
  'event.category': 'process',
  'event.type': 'start',
  'host.id': 'h1',
  'process.parent.name': 'WinRSHost.exe',
  'process.name': 'cmd.exe',
};

describe('compile', () => {
  it('turns the WinRM rule into two keyed, tested stages', () => {
    const q = compile(WINRM);
    expect(q.kind).toBe('sequence');
    expect(q.maxspanMs).toBe(30_000);
    expect(q.stages.map((s) => [s.index, s.sourceIndex, s.category, s.missing, s.runs])).toEqual([
      [0, 0, 'network', false, 1],
      [1, 1, 'process', false, 1],
    ]);
    expect(q.stages[0].keys.map((k) => [k.field, k.optional, k.get(connection)])).toEqual([
      ['host.id', false, 'h1'],
    ]);
    expect(q.stages[1].keys[0].get(shell)).toBe('h1');
    expect(q.stages[0].test(connection)).toBe(true);
    expect(q.stages[0].test(shell)).toBe(false);
    expect(q.stages[1].test(shell)).toBe(true);
    expect(q.stages[1].test({ ...shell, 'process.name': 'Conhost.exe' })).toBe(false);
    expect(q.stages[0].test({ ...connection, source: { ip: '127.0.0.1' } })).toBe(false);
    expect(q.timestamp(shell)! - q.timestamp(connection)!).toBe(3000);
    expect(q.stages[0].text.startsWith('[network where process.pid == 4')).toBe(true);
    expect(q.stages[1].fields).toEqual([
      'host.id',
      'event.type',
      'process.parent.name',
      'process.name',
    ]);
  });

  it('expands with runs=N into N stages sharing their source index', () => {
    const q = compile(
      'sequence by user.name with maxspan=1m [authentication where event.outcome == "failure"] with runs=3 [authentication where event.outcome == "success"] until [process where true]',
    );
    expect(q.stages.map((s) => [s.index, s.sourceIndex, s.runs])).toEqual([
      [0, 0, 3],
      [1, 0, 3],
      [2, 0, 3],
      [3, 1, 1],
    ]);
    expect(q.until).toMatchObject({ index: -1, category: 'process' });
    expect(q.until!.keys.map((k) => k.field)).toEqual(['user.name']);
  });

  it('honours the category and tiebreaker options and the pipes', () => {
    const q = compile('process where true | head 2 | tail 1', {
      categoryField: 'event_type',
      tiebreakerField: 'serial_event_id',
    });
    expect(q.stages[0].test({ event_type: 'process' })).toBe(true);
    expect(q.stages[0].test({ event_type: ['file', 'process'] })).toBe(true);
    expect(q.stages[0].test({ event_type: 'Process' })).toBe(false);
    expect(q.stages[0].test({ event: { category: 'process' } })).toBe(false);
    expect(q.tiebreaker!({ serial_event_id: 7 })).toBe(7);
    expect(q.tiebreaker!({})).toBeNull();
    expect(compile('any where true').tiebreaker).toBeNull();
    expect(q.pipes).toEqual([
      { kind: 'head', count: 2 },
      { kind: 'tail', count: 1 },
    ]);
  });

  it('marks optional keys and missing stages; sample keys combine', () => {
    const q = compile(
      'sequence by ?process.entity_id with maxspan=5s [process where true] ![file where true] [process where true]',
    );
    expect(q.stages.map((s) => s.missing)).toEqual([false, true, false]);
    expect(q.stages[0].keys[0]).toMatchObject({ field: 'process.entity_id', optional: true });
    const s = compile(
      'sample by host.id [process where true] by user.id [file where true] by user.name',
    );
    expect(s.kind).toBe('sample');
    expect(s.stages[1].keys.map((k) => k.field)).toEqual(['host.id', 'user.name']);
  });

  it('accepts a parsed tree, and a hand-edited one', () => {
    const tree = parse('process where a == 1');
    expect(compile(tree).stages[0].test({ event: { category: 'process' }, a: 1 })).toBe(true);
    const edited = { ...tree } as typeof tree;
    expect(compile(edited).source).toBe('process where a == 1');
  });

  it('reads ISO and epoch timestamps as UTC milliseconds', () => {
    expect(toEpochMillis('2024-05-01T10:00:00Z')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(toEpochMillis('2024-05-01T10:00:00.1234567Z')).toBe(Date.UTC(2024, 4, 1, 10, 0, 0, 123));
    expect(toEpochMillis('2024-05-01 10:00:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(toEpochMillis('2024-05-01T12:00:00+02:00')).toBe(Date.UTC(2024, 4, 1, 10));
    expect(toEpochMillis(1714557600000)).toBe(1714557600000);
    expect(toEpochMillis('1714557600000')).toBe(1714557600000);
    expect(toEpochMillis('yesterday')).toBeNull();
    expect(toEpochMillis(undefined)).toBeNull();
  });

  it('lists every field a query reads', () => {
    expect(fieldsOf(parse(WINRM))).toEqual([
      'host.id',
      'process.pid',
      'network.direction',
      'destination.port',
      'network.protocol',
      'source.ip',
      'event.type',
      'process.parent.name',
      'process.name',
    ]);
  });
});

describe('explain and conjuncts', () => {
  const q = compile(WINRM);
  it('explain mirrors the condition and reports the field values it read', () => {
    const e = explain(q.stages[0], {
      ...connection,
      network: { direction: 'egress', protocol: 'http' },
    });
    expect(e.result).toBe(false);
    const leaves: { text: string; result: unknown; fields: object[] }[] = [];
    const collect = (n: typeof e) =>
      n.children.length ? n.children.forEach(collect) : leaves.push(n);
    collect(e);
    expect(leaves.map((l) => l.text)).toEqual([
      'process.pid == 4',
      'network.direction : ("incoming", "ingress")',
      'destination.port in (5985, 5986)',
      'network.protocol == "http"',
      'source.ip != "127.0.0.1"',
      'source.ip != "::1"',
    ]);
    expect(leaves.map((l) => l.result)).toEqual([true, false, true, true, true, true]);
    expect(leaves[1].fields).toEqual([{ 'network.direction': 'egress' }]);
  });

  it('explain shows unknown (null) for missing fields, through not', () => {
    const e = explain(q.stages[1], { 'process.parent.name': 'winrshost.exe' });
    expect(e.result).toBeNull();
    const notNode = e.children[1];
    expect(notNode.text).toBe('not process.name : "conhost.exe"');
    expect(notNode.result).toBeNull();
    expect(notNode.children[0].fields).toEqual([{ 'process.name': undefined }]);
  });

  it('conjuncts split the top-level ands and test them one by one', () => {
    const parts = conjuncts(q.stages[0]);
    expect(parts.map((p) => p.text)).toHaveLength(6);
    expect(parts[3]).toMatchObject({
      text: 'network.protocol == "http"',
      fields: ['network.protocol'],
    });
    const udp = { ...connection, network: { direction: 'ingress', protocol: 'https' } };
    expect(parts.map((p) => p.test(udp))).toEqual([true, true, true, false, true, true]);
    expect(parts[0].test({})).toBeNull();
  });
});
