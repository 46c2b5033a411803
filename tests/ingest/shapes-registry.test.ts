// The registry of source shapes (src/ingest/shapes.ts): every shape file is in it, each JSON
// shape is recognised in the registry's order, and an unknown shape id is named in the error.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/ingest/normalize.ts';
import {
  detectShape,
  SHAPE_REASONS,
  SHAPES,
  shapeById,
  toWinEvent,
  type Shape,
} from '../../src/ingest/shapes.ts';

const DIR = fileURLToPath(new URL('../../src/ingest/shapes/', import.meta.url));

const isShapeDef = (v: unknown): v is { id: string; reason: string } =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as { id?: unknown }).id === 'string' &&
  typeof (v as { reason?: unknown }).reason === 'string';

// One hand-written (synthetic) record per JSON shape, each close to a shape checked before it.
const SAMPLES: Partial<Record<Shape, object>> = {
  'elasticsearch-hit': { _index: 'winlogbeat-1', _source: { event: { code: '1' } } },
  evtx_dump: { Event: { System: { EventID: 4624 }, EventData: {} } },
  velociraptor: { System: { EventID: { Value: 4624 } }, EventData: {} },
  evtxecmd: { EventId: 4624, Payload: '{}', Channel: 'Security' },
  'powershell-shallow': {
    Id: 4624,
    ProviderName: 'Microsoft-Windows-Security-Auditing',
    Properties: ['System.Diagnostics.Eventing.Reader.EventProperty'],
  },
  powershell: {
    Id: 4624,
    ProviderName: 'Microsoft-Windows-Security-Auditing',
    Properties: [{ Value: 'S-1-5-18' }],
  },
  'otrf-nxlog': {
    EventID: 4624,
    Channel: 'security',
    SourceName: 'Microsoft-Windows-Security-Auditing',
  },
  winlogbeat: { winlog: { event_id: '4624', event_data: { LogonType: '3' } } },
  ecs: { winlog: { event_id: '4624' }, event: { module: 'security' } },
  generic: { hello: 'world' },
};

describe('source shape registry', () => {
  it('lists every shape defined under src/ingest/shapes/, once each, with its reason', async () => {
    const defined: string[] = [];
    for (const f of readdirSync(DIR).filter((n) => n.endsWith('.ts'))) {
      const mod = (await import(pathToFileURL(DIR + f).href)) as Record<string, unknown>;
      for (const v of Object.values(mod)) if (isShapeDef(v)) defined.push(v.id);
    }
    const ids = SHAPES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(defined.sort());
    for (const id of ids) expect(SHAPE_REASONS[id]).toMatch(/\w{3}/);
    expect(Object.keys(SHAPE_REASONS).sort()).toEqual([...ids].sort());
  });

  it('recognises each JSON shape, the narrower before the wider', () => {
    const detected = SHAPES.filter((s) => 'matches' in s).map((s) => s.id);
    expect(Object.keys(SAMPLES).sort()).toEqual([...detected].sort());
    for (const [shape, raw] of Object.entries(SAMPLES))
      expect([shape, detectShape(raw)]).toEqual([shape, shape]);
    // Shapes read before any JSON is parsed are never the answer for a JSON value.
    expect(detectShape('<Event/>')).toBe('generic');
    expect(detectShape([SAMPLES.ecs])).toBe('generic');
  });

  it('reports an unknown shape by its name and the known ones', () => {
    const unknown = 'csv' as Shape;
    const message =
      /unknown source shape "csv" \(known shapes: elasticsearch-hit, .*evtx_dump.*generic\)/;
    expect(() => shapeById('csv')).toThrow(message);
    expect(() => toWinEvent({ EventID: 1 }, unknown)).toThrow(message);
    expect(() => normalizeRecord({ EventID: 1 }, unknown)).toThrow(message);
  });
});
