// Source shapes: which tool wrote a record, and how to read it into a WinEvent. One file per
// shape under shapes/; this registry lists them in the order detection tries them.
import { ecs, elasticsearchHit } from './shapes/ecs.ts';
import { eventXml } from './shapes/event-xml.ts';
import { evtx } from './shapes/evtx.ts';
import { evtxDump } from './shapes/evtx-dump.ts';
import { evtxecmd } from './shapes/evtxecmd.ts';
import { generic } from './shapes/generic.ts';
import { nxlog } from './shapes/nxlog.ts';
import { powershell, powershellShallow } from './shapes/powershell.ts';
import { isObj, type ShapeDef } from './shapes/shape.ts';
import { velociraptor } from './shapes/velociraptor.ts';
import { winlogbeat } from './shapes/winlogbeat.ts';
import type { WinEvent } from './winevent.ts';

export { fromEventNode, fromEventXml } from './shapes/event-xml.ts';
export type { ShapeDef } from './shapes/shape.ts';

/**
 * Every shape. A JSON record is of the first shape whose `matches` accepts it, so the
 * narrower shapes come first (a hit's `_source` may itself look like ECS, an unmapped
 * Winlogbeat document carries `winlog`) and `generic` takes the rest. XML and .evtx are
 * recognised before any JSON is parsed and have no `matches`.
 */
export const SHAPES = [
  elasticsearchHit,
  evtxDump,
  velociraptor,
  evtxecmd,
  powershellShallow,
  powershell,
  nxlog,
  winlogbeat,
  ecs,
  eventXml,
  evtx,
  generic,
] as const;

export type Shape = (typeof SHAPES)[number]['id'];

const BY_ID = new Map<string, ShapeDef>(SHAPES.map((s) => [s.id, s]));
const DETECTED = SHAPES.flatMap((s) => (s.matches ? [{ id: s.id, matches: s.matches }] : []));

export const SHAPE_REASONS = Object.fromEntries(SHAPES.map((s) => [s.id, s.reason])) as Record<
  Shape,
  string
>;

/** The shape of that id; an unknown id (a stored or hand-written hint) is an error naming it. */
export function shapeById(id: string): ShapeDef {
  const def = BY_ID.get(id);
  if (!def) {
    const known = SHAPES.map((s) => s.id).join(', ');
    throw new Error(`unknown source shape "${id}" (known shapes: ${known})`);
  }
  return def;
}

export function detectShape(raw: unknown): Shape {
  if (!isObj(raw)) return 'generic';
  for (const s of DETECTED) if (s.matches(raw)) return s.id;
  return 'generic';
}

/** Reads a Windows-event-shaped record; null for ECS and generic shapes. */
export function toWinEvent(raw: unknown, shape: Shape): WinEvent | null {
  const read = shapeById(shape).read;
  return read && isObj(raw) ? read(raw) : null;
}
