// One source shape: how a record of it is recognised and read. The registry (../shapes.ts)
// lists them in the order detection tries them, so a new shape is one file plus one line there.
import type { WinEvent } from '../winevent.ts';

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ShapeDef<Id extends string = string> {
  readonly id: Id;
  /** What the shape is and how it is read: shown with a file's diagnostics. */
  readonly reason: string;
  /**
   * Whether a parsed JSON object is of this shape, given that no shape before it in the
   * registry matched. Absent for shapes recognised before any JSON is parsed (XML, .evtx).
   */
  readonly matches?: (raw: Obj) => boolean;
  /** Reads a record into a WinEvent; absent for shapes passed on as they are (ECS, generic). */
  readonly read?: (raw: Obj) => WinEvent;
}
