// A chunk's events in the form they are stored in: one list of keys per shape, not the keys of
// every event. Events of one source share a handful of shapes (the same keys in the same
// order, nested objects included) and repeat many values (the host, the provider, a path in
// `process.executable` and again in `winlog.event_data.Image`). So the stored text holds each
// shape's layout once, each event's shape number, each distinct string of the chunk once, and
// per leaf, in walk order, either a string's number or its value in a one-element array.
// On a raw .evtx (bench/data/synthetic-64mb.evtx, 2,000 events a chunk) this text is a third
// the length of JSON.stringify of the events, and walking the events and writing it took about
// half as long in Chromium as JSON.stringify of them did; the IndexedDB put that copies the text
// shrinks with it (see bench/README.md, issue 12).
//
// It reads back exactly as JSON.stringify + JSON.parse of the events would: what JSON leaves
// out (undefined, functions, symbols) is left out here, anything other than a plain object
// (arrays, numbers, booleans, null, a Date) is written by JSON.stringify as a leaf, keys keep
// their order, and the same exact-integer reading applies (parseJsonExact).
import type { JsonDoc } from '../case/alert.ts';

/** A shape: its keys in order, a leaf's as the key, a nested object's as [key, its layout]. */
export type Layout = (string | [string, Layout])[];

/** [layouts, shape number per event, distinct strings, leaf references in walk order]. */
export type ShapedEvents = [Layout[], number[], string[], (number | [unknown])[]];

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
  const refs: (number | [unknown])[] = [];
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
      else refs.push([v]);
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
  return [layouts, shapes, strings, refs];
}

export function unshapeEvents([layouts, shapes, strings, refs]: ShapedEvents): JsonDoc[] {
  let r = 0;
  const build = (layout: Layout): Record<string, unknown> => {
    const o: Record<string, unknown> = {};
    for (const entry of layout) {
      let key: string;
      let value: unknown;
      if (typeof entry === 'string') {
        const ref = refs[r++];
        key = entry;
        value = typeof ref === 'number' ? strings[ref] : ref[0];
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
  return shapes.map((s) => build(layouts[s]) as JsonDoc);
}
