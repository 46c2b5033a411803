// Velociraptor's Windows.EventLogs.* rows: the event's XML as objects, values under `Value`.
import { type ShapeDef, isObj, type Obj } from './shape.ts';
import { fromSystemAndData } from './system-data.ts';

/** Velociraptor writes `System.EventID` as `{ Value: … }`; evtx_dump as a number or `#text`. */
export const isVelociraptorId = (id: unknown): boolean => isObj(id) && 'Value' in id;

export const velociraptor: ShapeDef<'velociraptor'> = {
  id: 'velociraptor',
  reason:
    'Velociraptor rows (`System.EventID.Value`, `System.TimeCreated.SystemTime` in epoch seconds, `EventData`)',
  matches: (raw) => isObj(raw.System) && isVelociraptorId(raw.System.EventID),
  read: (raw) => fromSystemAndData(raw.System as Obj, raw),
};
