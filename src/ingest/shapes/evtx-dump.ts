// evtx_dump (omerbenamram/evtx) JSON: the event's XML as objects, attributes under `#attributes`.
import { type ShapeDef, isObj, type Obj } from './shape.ts';
import { fromSystemAndData } from './system-data.ts';
import { isVelociraptorId } from './velociraptor.ts';

export const evtxDump: ShapeDef<'evtx_dump'> = {
  id: 'evtx_dump',
  reason: 'evtx_dump JSON (`Event.System` with `#attributes`, `EventID` as a number or `#text`)',
  matches: (raw) => {
    if (isObj(raw.Event) && isObj(raw.Event.System)) return true;
    // Without the `Event` wrapper it looks like Velociraptor's rows, told apart by the EventID.
    const sys = raw.System;
    return (
      isObj(sys) &&
      ('EventData' in raw || 'UserData' in raw || 'EventID' in sys) &&
      !isVelociraptorId(sys.EventID)
    );
  },
  read: (raw) => {
    // The holder `matches` accepted: an `Event` without a `System` of its own (beside a
    // top-level `System`) is not the wrapper.
    const holder = isObj(raw.Event) && isObj(raw.Event.System) ? raw.Event : raw;
    return fromSystemAndData(holder.System as Obj, holder);
  },
};
