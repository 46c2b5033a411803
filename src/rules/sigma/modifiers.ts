// Sigma value modifiers (specification appendix), applied left to right. Transformations
// rewrite the values (contains, base64, windash…); type modifiers (re, cidr, gt…) and flags
// (all, cased, neq) say how the final values are compared.
import { base64, base64Offsets, utf16, utf8Bytes } from './encoding.ts';
import { CannotRun, InvalidSigma } from './errors.ts';
import {
  hasWildcards,
  literal,
  parseSigmaString,
  plainText,
  wrapStars,
  type SigmaString,
} from './sigma-string.ts';

export type Value =
  /** `raw`: the text as written (regular expressions and field names read it unparsed). */
  | { t: 'str'; s: SigmaString; raw: string; bytes: boolean }
  | { t: 'num'; n: number }
  | { t: 'bool'; b: boolean }
  | { t: 'null' };

export type Comparison = 'gt' | 'gte' | 'lt' | 'lte';

export interface Modified {
  values: Value[];
  type: 'match' | 're' | 'cidr' | 'exists' | 'fieldref' | Comparison;
  all: boolean;
  cased: boolean;
  neq: boolean;
  re: { insensitive: boolean; multiline: boolean; dotAll: boolean };
  /** contains / startswith / endswith, for fieldref. */
  position?: 'contains' | 'startswith' | 'endswith';
}

const TIME = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);
const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
/** windash permutations beyond this many are refused (5 per dash: 4 dashes → 625 values). */
const MAX_WINDASH = 625;

export function readValue(v: unknown, where: (string | number)[]): Value {
  if (v === null) return { t: 'null' };
  if (typeof v === 'string') return { t: 'str', s: parseSigmaString(v), raw: v, bytes: false };
  if (typeof v === 'number') return { t: 'num', n: v };
  if (typeof v === 'boolean') return { t: 'bool', b: v };
  throw new InvalidSigma(
    `a value must be a string, number, boolean or null, not ${Array.isArray(v) ? 'a list' : typeof v}`,
    where,
  );
}

const asString = (v: Value): Extract<Value, { t: 'str' }> => {
  if (v.t === 'str') return v;
  const text = v.t === 'num' ? String(v.n) : v.t === 'bool' ? String(v.b) : '';
  if (v.t === 'null') throw new InvalidSigma('null cannot take a string modifier');
  return { t: 'str', s: literal(text), raw: text, bytes: false };
};

const mapStrings = (vals: Value[], f: (v: Extract<Value, { t: 'str' }>) => Value[]): Value[] =>
  vals.flatMap((v) => f(asString(v)));

const plainBytes = (v: Extract<Value, { t: 'str' }>, mod: string): string => {
  if (hasWildcards(v.s))
    throw new CannotRun(
      mod,
      `the value ${JSON.stringify(v.raw)} has wildcards, which cannot be encoded`,
    );
  const text = plainText(v.s);
  return v.bytes ? text : utf8Bytes(text);
};

const encoded = (text: string, bytes = false): Value => ({
  t: 'str',
  s: literal(text),
  raw: text,
  bytes,
});

function windash(v: Extract<Value, { t: 'str' }>): Value[] {
  let out: SigmaString[] = [[]];
  for (const part of v.s) {
    if (typeof part !== 'string') {
      out = out.map((s) => [...s, part]);
      continue;
    }
    let texts = [''];
    for (const ch of part) {
      texts = DASHES.includes(ch)
        ? texts.flatMap((t) => DASHES.map((d) => t + d))
        : texts.map((t) => t + ch);
      if (texts.length * out.length > MAX_WINDASH)
        throw new CannotRun('windash', `${JSON.stringify(v.raw)} has too many dashes to expand`);
    }
    out = out.flatMap((s) => texts.map((t) => [...s, t]));
  }
  return out.map((s) => ({ t: 'str', s: mergeLiterals(s), raw: v.raw, bytes: v.bytes }));
}

function mergeLiterals(s: SigmaString): SigmaString {
  const out: SigmaString = [];
  for (const p of s) {
    const last = out[out.length - 1];
    if (typeof p === 'string' && typeof last === 'string') out[out.length - 1] = last + p;
    else if (p !== '') out.push(p);
  }
  return out;
}

export function applyModifiers(mods: string[], input: Value[]): Modified {
  const m: Modified = {
    values: input,
    type: 'match',
    all: false,
    cased: false,
    neq: false,
    re: { insensitive: false, multiline: false, dotAll: false },
  };
  for (const mod of mods) {
    switch (mod) {
      case 'contains':
      case 'startswith':
      case 'endswith':
        if (m.type === 'fieldref') m.position = mod;
        else
          m.values = mapStrings(m.values, (v) => [
            { ...v, s: wrapStars(v.s, mod !== 'startswith', mod !== 'endswith') },
          ]);
        break;
      case 'all':
        m.all = true;
        break;
      case 'cased':
        m.cased = true;
        break;
      case 'neq':
        m.neq = true;
        break;
      case 'base64':
        m.values = mapStrings(m.values, (v) => [encoded(base64(plainBytes(v, mod)))]);
        break;
      case 'base64offset':
        m.values = mapStrings(m.values, (v) =>
          base64Offsets(plainBytes(v, mod)).map((t) => encoded(t)),
        );
        break;
      case 'utf16le':
      case 'wide':
      case 'utf16be':
      case 'utf16':
        m.values = mapStrings(m.values, (v) => {
          const text = plainText(v.s);
          if (hasWildcards(v.s))
            throw new CannotRun(
              mod,
              `the value ${JSON.stringify(v.raw)} has wildcards, which cannot be encoded`,
            );
          const body = utf16(text, mod !== 'utf16be');
          return [encoded(mod === 'utf16' ? '\xff\xfe' + body : body, true)];
        });
        break;
      case 'windash':
        m.values = mapStrings(m.values, windash);
        break;
      case 'expand':
        for (const v of m.values)
          if (v.t === 'str' && /%[^%\\]+%/.test(v.raw))
            throw new CannotRun(
              'expand',
              `placeholder ${/%[^%\\]+%/.exec(v.raw)?.[0]} has no value here (no placeholder table)`,
            );
        break;
      case 're':
        m.type = 're';
        break;
      case 'i':
      case 'm':
      case 's':
        if (m.type !== 're') throw new InvalidSigma(`modifier ${mod} is only valid after re`);
        if (mod === 'i') m.re.insensitive = true;
        else if (mod === 'm') m.re.multiline = true;
        else m.re.dotAll = true;
        break;
      case 'cidr':
      case 'exists':
      case 'fieldref':
      case 'gt':
      case 'gte':
      case 'lt':
      case 'lte':
        m.type = mod;
        break;
      default:
        if (TIME.has(mod))
          throw new CannotRun(
            mod,
            'time-part modifiers have no EQL function to extract a date part',
          );
        throw new InvalidSigma(`unknown modifier ${JSON.stringify(mod)}`);
    }
  }
  return m;
}
