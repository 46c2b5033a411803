// EcsBuilder assembles one nested ECS document; mappers only say which field gets what.
import { splitCommandLine } from '../cmdline.ts';
import { basename, present, toBool, toNumber } from '../values.ts';

type Obj = Record<string, unknown>;
const splitCache = new Map<string, string[]>();
// Long command lines (PowerShell's 5 KB `-enc` stagers) are found by their length and ends:
// a Map would hash all of a fresh copy on every event, comparing with the one kept is cheaper.
const LONG = 256;
const longCache = new Map<string, { cmd: string; args: string[] }>();

/** The arguments of a command line, split once per distinct text. */
function argsOf(v: string): string[] {
  if (v.length <= LONG) {
    let args = splitCache.get(v);
    if (!args) {
      args = splitCommandLine(v);
      if (splitCache.size > 4096) splitCache.clear();
      splitCache.set(v, args);
    }
    return args;
  }
  const key = `${v.length}:${v.slice(0, 48)}${v.slice(-48)}`;
  const hit = longCache.get(key);
  if (hit !== undefined && hit.cmd === v) return hit.args;
  const args = splitCommandLine(v);
  if (longCache.size > 256) longCache.clear();
  longCache.set(key, { cmd: v, args });
  return args;
}

export class EcsBuilder {
  constructor(
    readonly doc: Obj,
    readonly data: Record<string, string>,
    /** The rendered message, for events that keep their details only there. */
    readonly message: string | null = null,
  ) {}

  set(path: string, value: unknown): void {
    this.put(pathOf(path), value);
  }

  /** `prefix.leaf` without building the dotted name (hashes by algorithm, SDDL fields). */
  setIn(prefix: string, leaf: string, value: unknown): void {
    this.put(sub(prefix, leaf), value);
  }

  /** A path split once by the caller (`splitPath`), for mappers that set it on every event. */
  put(parts: readonly string[], value: unknown): void {
    if (value === undefined || value === null || value === '') return;
    const last = parts.length - 1;
    this.walk(parts, last)[parts[last]] = value;
  }

  /** The object at the first `depth` keys of `parts`, made where missing. */
  private walk(parts: readonly string[], depth: number): Obj {
    if (parts[1] === 'event_data' && parts[0] === 'winlog') this.ownEventData();
    let o = this.doc;
    for (let i = 0; i < depth; i++) {
      const k = parts[i];
      let next = o[k];
      if (typeof next !== 'object' || next === null) {
        next = {};
        o[k] = next;
      }
      o = next as Obj;
    }
    return o;
  }

  /**
   * The object at `prefix`, made as put makes it, for the callers that set several leaves of
   * one object (a path's name, directory and extension): one walk from the document's root
   * instead of one per leaf. Only called with a first value to set, so no empty object is left
   * where put would have made none.
   */
  private objAt(prefix: string): Obj {
    const parts = pathOf(prefix);
    return this.walk(parts, parts.length);
  }

  // winlog.event_data is the event's own data (no copy per event); a mapper that rewrites a
  // value there (PrivilegeList as a list) gets a copy first, so the event can be mapped again.
  private ownEventData(): void {
    const winlog = this.doc.winlog as Obj | undefined;
    if (winlog !== undefined && winlog.event_data === this.data)
      winlog.event_data = { ...this.data };
  }

  /** Adds a value to `related.<kind>` once, as Winlogbeat's `append … allow_duplicates: false`. */
  related(kind: 'user' | 'ip' | 'hash' | 'hosts', v: string | undefined): void {
    if (v === undefined || v === '') return;
    let r = this.doc.related as Obj | undefined;
    if (r === undefined) this.doc.related = r = {};
    const list = r[kind] as string[] | undefined;
    if (list === undefined) r[kind] = [v];
    else if (!list.includes(v)) list.push(v);
  }

  /** Whether the document already has a value at the path. */
  has(path: string): boolean {
    let o: unknown = this.doc;
    for (const k of pathOf(path)) {
      if (typeof o !== 'object' || o === null) return false;
      o = (o as Obj)[k];
    }
    return o !== undefined;
  }

  /** Copies an EventData string, skipping Windows' `-` placeholders. */
  str(path: string, field: string): void {
    const v = this.data[field];
    if (present(v)) this.set(path, v);
  }

  num(path: string, field: string): void {
    const v = this.data[field];
    if (present(v)) this.set(path, toNumber(v));
  }

  bool(path: string, field: string): void {
    this.set(path, toBool(this.data[field]));
  }

  /** `process.executable`, `process.name` from a Windows path. */
  executable(prefix: string, field: string): void {
    const v = this.data[field];
    if (present(v)) this.executableValue(prefix, v);
  }

  executableValue(prefix: string, v: string): void {
    if (v === '') return;
    const o = this.objAt(prefix);
    o.executable = v;
    leaf(o, 'name', basename(v));
  }

  commandLine(prefix: string, field: string): void {
    const v = this.data[field];
    if (present(v)) this.commandLineValue(prefix, v);
  }

  commandLineValue(prefix: string, v: string): void {
    if (v === '') return;
    const o = this.objAt(prefix);
    o.command_line = v;
    const args = argsOf(v);
    o.args = args.slice();
    o.args_count = args.length;
  }

  /** `DOMAIN\name` into `<prefix>.domain` and `<prefix>.name`. */
  account(prefix: string, field: string): void {
    const v = this.data[field];
    if (present(v)) this.accountValue(prefix, v);
  }

  accountValue(prefix: string, v: string): void {
    const i = v.indexOf('\\');
    if (i < 0) this.put(sub(prefix, 'name'), v);
    else {
      this.put(sub(prefix, 'domain'), v.slice(0, i));
      this.put(sub(prefix, 'name'), v.slice(i + 1));
    }
  }

  filePath(prefix: string, field: string): void {
    const v = this.data[field];
    if (present(v)) this.filePathValue(prefix, v);
  }

  filePathValue(prefix: string, v: string): void {
    if (v === '') return;
    const o = this.objAt(prefix);
    o.path = v;
    const i = v.lastIndexOf('\\');
    if (i >= 0) {
      const name = v.slice(i + 1);
      leaf(o, 'name', name);
      leaf(o, 'directory', v.slice(0, i));
      const dot = name.lastIndexOf('.');
      if (dot > 0) leaf(o, 'extension', name.slice(dot + 1));
    }
  }

  /** IPs as given; IPv4-mapped IPv6 (`::ffff:1.2.3.4`, Security 4624/4768) as the IPv4. */
  ip(path: string, field: string): void {
    const v = this.data[field];
    if (present(v)) this.ipValue(path, v);
  }

  ipValue(path: string, v: string): void {
    this.set(path, v.startsWith('::ffff:') && v.indexOf('.') > 0 ? v.slice(7) : v);
  }
}

/** A leaf of an object from objAt: empty values are left out, as put leaves them out. */
function leaf(o: Obj, key: string, value: string): void {
  if (value !== '') o[key] = value;
}

// `prefix.leaf` split into keys, built once: fresh template strings would be hashed and split
// on every lookup.
const subCache = new Map<string, Map<string, readonly string[]>>();
function sub(prefix: string, leaf: string): readonly string[] {
  let m = subCache.get(prefix);
  if (!m) subCache.set(prefix, (m = new Map()));
  let p = m.get(leaf);
  if (p === undefined) {
    p = [...pathOf(prefix), leaf];
    // Leaves can come from the data (hash algorithm names): keep the cache bounded.
    if (m.size < 256) m.set(leaf, p);
  }
  return p;
}

/** A field path as `put` takes it. */
export const splitPath = (path: string): readonly string[] => path.split('.');

const pathCache = new Map<string, string[]>();
function pathOf(p: string): string[] {
  let parts = pathCache.get(p);
  if (!parts) {
    parts = p.split('.');
    pathCache.set(p, parts);
  }
  return parts;
}
