// One value against one field's values, as Elasticsearch's term, wildcard, match and
// match_phrase queries decide it for the field's kind. Two-valued: KQL's `not` matches an
// event that lacks the field, as a bool must_not does.
import { compareScalars, toNumber } from '../eql/values.ts';
import { inCidr, parseCidr } from '../eql/functions.ts';
import { wildcardMatcher } from '../eql/wildcard.ts';
import type * as ast from './ast.ts';
import { analyze, words } from './analyze.ts';
import type { FieldKind } from './field-kinds.ts';

export type ScalarTest = (value: unknown) => boolean;

/** Star-only globs: `?` is an ordinary character in KQL. */
export function globMatcher(parts: readonly string[], fold: boolean): (s: string) => boolean {
  const p = fold ? parts.map((x) => x.toLowerCase()) : parts;
  if (p.some((x) => x.includes('?'))) {
    const re = new RegExp(
      `^${p.map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`,
      's',
    );
    return (s) => re.test(s);
  }
  return wildcardMatcher(p.join('*'));
}

function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return null;
}

/** A test for one (non-array) field value. */
export function valueTest(kind: FieldKind, value: ast.Value): ScalarTest {
  const wildcard = value.parts.length > 1;
  const text = value.parts[0];
  switch (kind) {
    case 'text':
      return textTest(value);
    case 'caseless': {
      const m = globMatcher(value.parts, true);
      return (v) => {
        const s = scalarText(v);
        return s !== null && m(s.toLowerCase());
      };
    }
    case 'ip':
      // An ip field takes an address or a CIDR block: `10.0.0.0/8`, `"::1"`.
      if (!wildcard) {
        const block = parseCidr(text);
        if (block) return (v) => typeof v === 'string' && inCidr(v, block);
      }
      break;
    default:
      break;
  }
  if (wildcard) {
    const m = globMatcher(value.parts, false);
    return (v) => {
      const s = scalarText(v);
      return s !== null && m(s);
    };
  }
  const n = toNumber(text);
  return (v) => {
    if (typeof v === 'string') return v === text;
    if (typeof v === 'number') return v === n;
    return compareScalars(v, text) === 0;
  };
}

function textTest(value: ast.Value): ScalarTest {
  if (value.parts.length > 1) {
    // A wildcard on an analysed field meets one word at a time, lowercased.
    const m = globMatcher(value.parts, true);
    return (v) => {
      const s = scalarText(v);
      return s !== null && analyze(s).words.some(m);
    };
  }
  const query = words(value.parts[0]);
  if (query.length === 0) return () => false;
  if (value.quoted) {
    const phrase = ` ${query.join(' ')} `;
    return (v) => {
      const s = scalarText(v);
      return s !== null && analyze(s).joined.includes(phrase);
    };
  }
  // Unquoted is Elasticsearch's `match`: any of the words.
  const needles = query.map((w) => ` ${w} `);
  return (v) => {
    const s = scalarText(v);
    if (s === null) return false;
    const joined = analyze(s).joined;
    return needles.some((w) => joined.includes(w));
  };
}

/** True when any value of a possibly multi-valued field passes. */
export function anyOf(v: unknown, test: ScalarTest): boolean {
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (anyOf(x, test)) return true;
    return false;
  }
  return test(v);
}

export function exists(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) return v.some(exists);
  return true;
}
