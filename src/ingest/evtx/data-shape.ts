// A record's <EventData> as one object made in one piece. Filled name by name, an object of
// more than ~16 names turned into a hash table (V8's dictionary mode) and grew step by step:
// the largest part of what the reader allocated per record. Records of one template name the
// same fields in the same order, so each such list of names gets a template object once and
// every record's object is a copy of it (one allocation, fast properties) with its values set.

interface Shape {
  keys: string[];
  /** null: made name by name (a name twice, or `__proto__`, which a copy would not follow). */
  template: Record<string, string> | null;
}

// Shapes kept per reader: real logs have tens; past this a file's records are made the old way.
const MAX_SHAPES = 512;

export class DataShapes {
  private readonly byCount = new Map<number, Shape[]>();
  private count = 0;

  /** The object `data[keys[i]] = vals[i]` for i < n, in that order, would make. */
  make(keys: string[], vals: string[], n: number): Record<string, string> {
    const template = n === 0 ? null : this.template(keys, n);
    const data: Record<string, string> = template ? { ...template } : {};
    for (let i = 0; i < n; i++) data[keys[i]] = vals[i];
    return data;
  }

  private template(keys: string[], n: number): Record<string, string> | null {
    let list = this.byCount.get(n);
    if (list)
      for (const s of list)
        if (same(s.keys, keys, n)) {
          // The names of the next chunk are other strings: compared by identity from now on.
          for (let i = 0; i < n; i++) s.keys[i] = keys[i];
          return s.template;
        }
    if (this.count >= MAX_SHAPES) return null;
    const own = keys.slice(0, n);
    let template: Record<string, string> | null = null;
    if (!own.includes('__proto__') && new Set(own).size === n) {
      const blank: Record<string, string> = {};
      for (const k of own) blank[k] = '';
      // JSON.parse makes an object with fast properties however many names it has.
      template = JSON.parse(JSON.stringify(blank)) as Record<string, string>;
    }
    if (!list) this.byCount.set(n, (list = []));
    list.push({ keys: own, template });
    this.count++;
    return template;
  }
}

function same(a: string[], b: string[], n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}
