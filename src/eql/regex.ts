// Lucene regular expressions (what Elasticsearch's `regex` runs) compiled to a Thompson NFA
// and run as a lazily built DFA: each input character is looked at once, so matching is
// linear in the input whatever the pattern (no backtracking, no catastrophic patterns).
// Matching is anchored to the whole value, as Lucene's is.
//
// Supported: literals, `.`, `[…]` / `[^…]` with ranges, `\`-escapes including \d \s \w and
// their negations, grouping `( )`, alternation `|`, the repeat operators `* + ? {n} {n,}
// {n,m}` (stackable, so Java-style `.*?` means "optionally .*", same language), and
// Lucene's `"…"` (quoted literal), `@` (any string) and `#` (the empty language).
// Complement `~`, intersection `&` and numeric intervals `<n-m>` are refused with a hint
// to escape them; Elastic's own rules always escape these characters.

export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

type CharTest = (cp: number) => boolean;

type Re =
  | { kind: 'empty' }
  | { kind: 'char'; test: CharTest }
  | { kind: 'concat'; items: Re[] }
  | { kind: 'alt'; items: Re[] }
  | { kind: 'repeat'; item: Re; min: number; max: number };

/** Guards memory: a pattern expanding to more states than this is refused. */
const MAX_STATES = 50_000;
/** The DFA cache is dropped and rebuilt when it grows past this many states. */
const MAX_DFA_STATES = 2_000;

const DIGIT: CharTest = (c) => c >= 48 && c <= 57;
const SPACE: CharTest = (c) => c === 32 || (c >= 9 && c <= 13);
const WORD: CharTest = (c) =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const SHORTHANDS: Record<string, CharTest> = {
  d: DIGIT,
  D: (c) => !DIGIT(c),
  s: SPACE,
  S: (c) => !SPACE(c),
  w: WORD,
  W: (c) => !WORD(c),
};

// Case-insensitive: a set matches a character when it holds any case of it. Negated sets
// negate after folding, so [^a] rejects both a and A.
function foldCase(t: CharTest): CharTest {
  return (c) => {
    if (t(c)) return true;
    const s = String.fromCodePoint(c);
    const lo = s.toLowerCase().codePointAt(0) ?? c;
    const up = s.toUpperCase().codePointAt(0) ?? c;
    return (lo !== c && t(lo)) || (up !== c && t(up));
  };
}

class ReParser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly fold: boolean,
  ) {}

  private set(t: CharTest): CharTest {
    return this.fold ? foldCase(t) : t;
  }

  parse(): Re {
    const re = this.alternation();
    if (this.pos < this.src.length)
      throw new RegexSyntaxError(`unmatched ) at position ${this.pos + 1}`, this.pos);
    return re;
  }

  private cp(): number {
    return this.src.codePointAt(this.pos) ?? -1;
  }

  private take(): number {
    const c = this.cp();
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  private alternation(): Re {
    const items = [this.concatenation()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      items.push(this.concatenation());
    }
    return items.length === 1 ? items[0] : { kind: 'alt', items };
  }

  private concatenation(): Re {
    const items: Re[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')')
      items.push(this.repeat());
    if (items.length === 0) return { kind: 'empty' };
    return items.length === 1 ? items[0] : { kind: 'concat', items };
  }

  private repeat(): Re {
    let item = this.atom();
    for (;;) {
      const c = this.src[this.pos];
      if (c === '*') item = { kind: 'repeat', item, min: 0, max: Infinity };
      else if (c === '+') item = { kind: 'repeat', item, min: 1, max: Infinity };
      else if (c === '?') item = { kind: 'repeat', item, min: 0, max: 1 };
      else if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.pos));
        if (!m) throw new RegexSyntaxError(`invalid repeat at position ${this.pos + 1}`, this.pos);
        const min = Number(m[1]);
        const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
        if (max < min)
          throw new RegexSyntaxError(`repeat {${min},${max}} has max below min`, this.pos);
        item = { kind: 'repeat', item, min, max };
        this.pos += m[0].length - 1;
      } else return item;
      this.pos++;
    }
  }

  private atom(): Re {
    const at = this.pos;
    const c = this.src[this.pos];
    if (c === '(') {
      this.pos++;
      const inner = this.alternation();
      if (this.src[this.pos] !== ')')
        throw new RegexSyntaxError(`unclosed ( opened at position ${at + 1}`, at);
      this.pos++;
      return inner;
    }
    // Where an atom is due, Lucene reads a repeat character as itself: `(?i)` is the
    // literal text "?i", not a flag (Elastic's rule tests warn about exactly this).
    if (c === '.') {
      this.pos++;
      return { kind: 'char', test: () => true };
    }
    if (c === '@') {
      this.pos++;
      return { kind: 'repeat', item: { kind: 'char', test: () => true }, min: 0, max: Infinity };
    }
    if (c === '#') {
      this.pos++;
      return { kind: 'char', test: () => false };
    }
    if (c === '"') {
      const close = this.src.indexOf('"', this.pos + 1);
      if (close < 0)
        throw new RegexSyntaxError(
          `unterminated quote at position ${at + 1}; escape a literal quote as \\"`,
          at,
        );
      const items: Re[] = [];
      for (this.pos++; this.pos < close;) {
        const cp = this.take();
        items.push({ kind: 'char', test: this.set((x) => x === cp) });
      }
      this.pos = close + 1;
      return { kind: 'concat', items };
    }
    if (c === '~' || c === '&' || c === '<')
      throw new RegexSyntaxError(
        `${c === '~' ? 'complement ~' : c === '&' ? 'intersection &' : 'numeric interval <n-m>'} ` +
          `at position ${at + 1} is not supported; escape the character (\\${c}) to match it literally`,
        at,
      );
    if (c === '[') return { kind: 'char', test: this.charClass() };
    if (c === '\\') return { kind: 'char', test: this.escape() };
    const cp = this.take();
    return { kind: 'char', test: this.set((x) => x === cp) };
  }

  private escape(): CharTest {
    const at = this.pos;
    this.pos++;
    if (this.pos >= this.src.length)
      throw new RegexSyntaxError(`pattern ends with a lone backslash`, at);
    const shorthand = SHORTHANDS[this.src[this.pos]];
    if (shorthand) {
      this.pos++;
      return shorthand;
    }
    const cp = this.take();
    return this.set((x) => x === cp);
  }

  private charClass(): CharTest {
    const open = this.pos;
    this.pos++;
    const negated = this.src[this.pos] === '^';
    if (negated) this.pos++;
    const tests: CharTest[] = [];
    const ranges: number[] = [];
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length)
        throw new RegexSyntaxError(`unclosed [ opened at position ${open + 1}`, open);
      if (this.src[this.pos] === ']' && !first) break;
      first = false;
      let lo: number;
      if (this.src[this.pos] === '\\') {
        const sh = SHORTHANDS[this.src[this.pos + 1]];
        if (sh) {
          tests.push(sh);
          this.pos += 2;
          continue;
        }
        this.pos++;
        lo = this.take();
      } else lo = this.take();
      let hi = lo;
      if (
        this.src[this.pos] === '-' &&
        this.src[this.pos + 1] !== ']' &&
        this.pos + 1 < this.src.length
      ) {
        this.pos++;
        if (this.src[this.pos] === '\\') this.pos++;
        hi = this.take();
        if (hi < lo)
          throw new RegexSyntaxError(`invalid range in [ ] at position ${this.pos}`, this.pos);
      }
      ranges.push(lo, hi);
    }
    this.pos++;
    const inClass = (x: number) => {
      for (let i = 0; i < ranges.length; i += 2)
        if (x >= ranges[i] && x <= ranges[i + 1]) return true;
      for (const t of tests) if (t(x)) return true;
      return false;
    };
    const folded = this.set(inClass);
    return negated ? (x) => !folded(x) : folded;
  }
}

// NFA states: a char state tests one code point and moves to `next`; a split state moves
// to both `next` and `alt` without input; the match state accepts.
interface Nfa {
  test: (CharTest | null)[];
  next: number[];
  alt: number[];
  start: number;
  accept: number;
}

function buildNfa(re: Re): Nfa {
  const nfa: Nfa = { test: [], next: [], alt: [], start: 0, accept: 0 };
  const state = (test: CharTest | null, next = -1, alt = -1) => {
    if (nfa.test.length >= MAX_STATES)
      throw new RegexSyntaxError('pattern is too large (too many repeats)', 0);
    nfa.test.push(test);
    nfa.next.push(next);
    nfa.alt.push(alt);
    return nfa.test.length - 1;
  };
  // Builds `re` so that it continues to `out`; returns its entry state.
  const build = (node: Re, out: number): number => {
    switch (node.kind) {
      case 'empty':
        return out;
      case 'char':
        return state(node.test, out);
      case 'concat': {
        let entry = out;
        for (let i = node.items.length - 1; i >= 0; i--) entry = build(node.items[i], entry);
        return entry;
      }
      case 'alt': {
        let entry = build(node.items[node.items.length - 1], out);
        for (let i = node.items.length - 2; i >= 0; i--)
          entry = state(null, build(node.items[i], out), entry);
        return entry;
      }
      case 'repeat': {
        let entry = out;
        if (node.max === Infinity) {
          const loop = state(null, -1, out);
          nfa.next[loop] = build(node.item, loop);
          entry = loop;
        } else {
          // Each optional copy may be skipped straight to `out`: x{0,3} is (x(x(x)?)?)?.
          for (let i = node.min; i < node.max; i++)
            entry = state(null, build(node.item, entry), out);
        }
        for (let i = 0; i < node.min; i++) entry = build(node.item, entry);
        return entry;
      }
    }
  };
  nfa.accept = state(null);
  nfa.start = build(re, nfa.accept);
  return nfa;
}

export type RegexMatcher = (value: string) => boolean;

/** Compiles a Lucene regular expression into an anchored, linear-time matcher. */
export function regexMatcher(pattern: string, caseInsensitive = false): RegexMatcher {
  const nfa = buildNfa(new ReParser(pattern, caseInsensitive).parse());
  return lazyDfa(nfa);
}

function lazyDfa(nfa: Nfa): RegexMatcher {
  const count = nfa.test.length;
  const mark = new Int32Array(count);
  let generation = 0;
  const stack: number[] = [];

  // The set of char states (plus accept) reachable from `seeds` without input.
  const closure = (seeds: number[]): number[] => {
    generation++;
    const out: number[] = [];
    for (const s of seeds) stack.push(s);
    while (stack.length > 0) {
      const s = stack.pop()!;
      if (s < 0 || mark[s] === generation) continue;
      mark[s] = generation;
      if (nfa.test[s] === null && s !== nfa.accept) {
        stack.push(nfa.alt[s], nfa.next[s]);
      } else out.push(s);
    }
    return out.sort((a, b) => a - b);
  };

  interface DState {
    states: number[];
    accepting: boolean;
    edges: Map<number, DState>;
  }
  let cache = new Map<string, DState>();
  const intern = (states: number[]): DState => {
    const key = states.join(',');
    let d = cache.get(key);
    if (!d) {
      d = { states, accepting: states.includes(nfa.accept), edges: new Map() };
      cache.set(key, d);
    }
    return d;
  };
  let start = intern(closure([nfa.start]));

  return (value: string) => {
    if (cache.size > MAX_DFA_STATES) {
      cache = new Map();
      start = intern(closure([nfa.start]));
    }
    let d = start;
    for (let i = 0; i < value.length; i++) {
      let c = value.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
        const lo = value.charCodeAt(i + 1);
        if (lo >= 0xdc00 && lo <= 0xdfff) {
          c = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
          i++;
        }
      }
      let nextState = d.edges.get(c);
      if (!nextState) {
        const seeds: number[] = [];
        for (const s of d.states) if (s !== nfa.accept && nfa.test[s]!(c)) seeds.push(nfa.next[s]);
        nextState = intern(closure(seeds));
        d.edges.set(c, nextState);
      }
      d = nextState;
      if (d.states.length === 0) return false;
    }
    return d.accepting;
  };
}
