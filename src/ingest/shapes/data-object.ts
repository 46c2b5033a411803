// EventData as a fast object. An object grown key by key through computed names turns into a
// hash table once it has about 20 keys (V8 gives up its fast layout for objects filled by
// `o[k] = v`): Sysmon 1, Security 4624 and most rich events have more, and every later read of
// them (the mappers, the field profile, the copy to the store) pays for the lookups. Events of
// one kind have the same names in the same order, so the first event of each list of names
// leaves a template (parsed from JSON, which lays it out fast) and the next ones are a copy of
// it with their values filled in.

type Data = Record<string, string>;

interface Variant {
  keys: string[];
  template: Data;
}

// Lists of names by their first name; a file holds a few dozen kinds, so both stay small.
const MAX_FIRST_NAMES = 1024;
const MAX_VARIANTS = 32;
const variants = new Map<string, Variant[]>();

/**
 * Collects one event's names and values, then makes the object. One collector serves one
 * event at a time (readers are synchronous), so its arrays are reused instead of allocated.
 */
export class DataCollector {
  private keys: string[] = [];
  private values: string[] = [];
  private n = 0;

  /** Adds a value; a later value for the same name replaces it, as `o[k] = v` would. */
  add(key: string, value: string): void {
    // `o.__proto__ = "text"` sets no field: the same here.
    if (key === '__proto__') return;
    this.keys[this.n] = key;
    this.values[this.n++] = value;
  }

  /** Forgets what a reader that failed half-way added. */
  reset(): void {
    this.n = 0;
  }

  /** The object of the names and values added since the last one, in their order. */
  take(): Data {
    const n = this.n;
    this.n = 0;
    if (n === 0) return {};
    const keys = this.keys;
    const values = this.values;
    const v = variantOf(keys, n);
    const out = { ...v.template };
    for (let i = 0; i < n; i++) out[keys[i]] = values[i];
    return out;
  }
}

function variantOf(keys: string[], n: number): Variant {
  let list = variants.get(keys[0]);
  if (list === undefined) {
    if (variants.size >= MAX_FIRST_NAMES) variants.clear();
    variants.set(keys[0], (list = []));
  }
  for (const v of list) if (sameKeys(v.keys, keys, n)) return v;
  const own = keys.slice(0, n);
  const v: Variant = { keys: own, template: template(own) };
  if (list.length >= MAX_VARIANTS) list.shift();
  list.push(v);
  return v;
}

function sameKeys(a: string[], b: string[], n: number): boolean {
  if (a.length !== n || a[n - 1] !== b[n - 1]) return false;
  for (let i = 1; i < n - 1; i++) if (a[i] !== b[i]) return false;
  return true;
}

function template(keys: string[]): Data {
  let text = '{';
  for (let i = 0; i < keys.length; i++) text += `${i ? ',' : ''}${JSON.stringify(keys[i])}:""`;
  return JSON.parse(text + '}') as Data;
}
