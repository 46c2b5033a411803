// Text fields match on words, as Elasticsearch's standard analyzer cuts them: lowercased
// runs of letters, digits and `_`, where `.` and `'` inside a word (and `:` between letters,
// `,` `;` between digits) do not cut it (`system.management.automation` is one word).

const WORD =
  /[\p{L}\p{N}_]+(?:(?:[.'\u2019]|(?<=\p{L}):(?=\p{L})|(?<=\p{N})[,;](?=\p{N}))[\p{L}\p{N}_]+)*/gu;

export function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

export interface Analyzed {
  readonly words: readonly string[];
  /** The words joined with single spaces and a space at each end, for phrase lookups. */
  readonly joined: string;
}

// Script blocks are long and dozens of rules read the same one in a row: keep the last few.
const cache = new Map<string, Analyzed>();

export function analyze(text: string): Analyzed {
  let a = cache.get(text);
  if (!a) {
    const w = words(text);
    a = { words: w, joined: ` ${w.join(' ')} ` };
    if (cache.size >= 64) cache.clear();
    cache.set(text, a);
  }
  return a;
}
