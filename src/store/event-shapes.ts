// A chunk's events in the form they are stored in: one list of keys per shape, not the keys of
// every event. Events of one source share a handful of shapes (the same keys in the same
// order, nested objects included) and repeat many values (the host, the provider, a path in
// `process.executable` and again in `winlog.event_data.Image`). So a chunk keeps each shape's
// layout once, each event's shape number, each distinct string of the chunk once, and per leaf,
// in walk order, a string's number or -1 for the next of the leaves that are no string.
// The store writes the numbers as typed arrays, the strings as they are and only those other
// leaves as JSON (chunk-codec.ts): on a raw .evtx in the page (bench/data/synthetic-64mb.evtx,
// 2,000 events a chunk) packing took half the time JSON.stringify of the events did and the
// IndexedDB put a third less (see bench/README.md, issue 12).
//
// It reads back exactly as JSON.stringify + JSON.parse of the events would: what JSON leaves
// out (undefined, functions, symbols) is left out here, anything other than a plain object
// (arrays, numbers, booleans, null, a Date) is a leaf that goes through JSON, keys keep their
// order, and strings are strings either way.
import type { JsonDoc } from '../case/alert.ts';

/** A shape: its keys in order, a leaf's as the key, a nested object's as [key, its layout]. */
export type Layout = (string | [string, Layout])[];

/**
 * A chunk's events by shape: the layouts, each event's shape number, the chunk's distinct
 * strings, and per leaf in walk order a reference: a string's number, or -1 for the next of
 * `others` (every leaf that is no string, in order).
 */
export interface ShapedEvents {
  layouts: Layout[];
  shapes: number[];
  strings: string[];
  refs: number[];
  others: unknown[];
}

/** A step in the tree of shapes met so far: keys go by kind, a leaf's or an object's. */
class Step {
  leaf = new Map<string, Step>();
  open = new Map<string, Step>();
  close: Step | undefined;
  shape = -1;
}

const isPlain = (v: unknown): v is Record<string, unknown> => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
};

/** A value JSON.stringify leaves out of an object. */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function layoutOf(o: Record<string, unknown>): Layout {
  const out: Layout = [];
  for (const k of Object.keys(o)) {
    const v = o[k];
    if (omitted(v)) continue;
    out.push(isPlain(v) ? [k, layoutOf(v)] : k);
  }
  return out;
}

/** Whether every event is a plain object, the only kind this form holds. */
export function shapeable(events: readonly unknown[]): events is Record<string, unknown>[] {
  return events.every(isPlain);
}

export function shapeEvents(events: readonly Record<string, unknown>[]): ShapedEvents {
  const root = new Step();
  const layouts: Layout[] = [];
  const shapes = new Array<number>(events.length);
  const strings: string[] = [];
  const numbers = new Map<string, number>();
  const refs: number[] = [];
  const others: unknown[] = [];
  let at = root;
  const walk = (o: Record<string, unknown>) => {
    for (const k of Object.keys(o)) {
      const v = o[k];
      let next: Step | undefined;
      if (typeof v === 'string') {
        let n = numbers.get(v);
        if (n === undefined) {
          n = strings.push(v) - 1;
          numbers.set(v, n);
        }
        refs.push(n);
      } else if (isPlain(v)) {
        next = at.open.get(k);
        if (!next) at.open.set(k, (next = new Step()));
        at = next;
        walk(v);
        at = at.close ??= new Step();
        continue;
      } else if (omitted(v)) continue;
      else {
        refs.push(-1);
        others.push(v);
      }
      next = at.leaf.get(k);
      if (!next) at.leaf.set(k, (next = new Step()));
      at = next;
    }
  };
  for (let i = 0; i < events.length; i++) {
    at = root;
    walk(events[i]);
    if (at.shape < 0) at.shape = layouts.push(layoutOf(events[i])) - 1;
    shapes[i] = at.shape;
  }
  return { layouts, shapes, strings, refs, others };
}

/** The events back from their parts (numbers as any array of them, a typed one included). */
export function unshapeEvents({
  layouts,
  shapes,
  strings,
  refs,
  others,
}: Omit<ShapedEvents, 'shapes' | 'refs'> & {
  shapes: ArrayLike<number>;
  refs: ArrayLike<number>;
}): JsonDoc[] {
  let r = 0;
  let other = 0;
  const build = (layout: Layout): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (const entry of layout) {
      let key: string;
      let value: unknown;
      if (typeof entry === 'string') {
        const ref = refs[r++];
        key = entry;
        value = ref < 0 ? others[other++] : strings[ref];
      } else {
        key = entry[0];
        value = build(entry[1]);
      }
      // JSON.parse makes "__proto__" an own key; an assignment would set the prototype.
      if (key === '__proto__')
        Object.defineProperty(o, key, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else o[key] = value;
    }
    return o;
  };
  return Array.from(shapes, (s) => build(layouts[s]) as JsonDoc);
}
