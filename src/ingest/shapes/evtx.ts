// Raw .evtx files: recognised by their `ElfFile` signature before any text is decoded and read
// by ../evtx/, whose records end as <Event> elements (fromEventNode in event-xml.ts).
import type { ShapeDef } from './shape.ts';

export const evtx: ShapeDef<'evtx'> = {
  id: 'evtx',
  reason:
    "raw Windows event log (.evtx: the `ElfFile` signature): its binary XML read directly, chunk by chunk; no message text (that lives in the providers' DLLs)",
};
