// Lucene's query-string syntax, the common subset detection rules use, read into the KQL tree:
// `field:value`, quoted phrases, `*` and `?` wildcards, `field:(a OR b)`, `[a TO b]` and
// `{a TO b}` ranges, `AND` / `OR` / `NOT` / `&&` / `||` / `!`, `+` / `-` prefixes,
// parentheses, `_exists_:field`, backslash escapes. Terms side by side are or-ed (Lucene's
// default operator). Regular expressions, fuzzy `~` and boosts `^` are reported, not guessed.
import type * as ast from './ast.ts';
import { KqlError } from './errors.ts';

const SPECIAL = new Set([' ', '\t', '\r', '\n', '(', ')', ':', '"', '[', ']', '{', '}', '^', '~']);

type Tok =
  | { kind: 'word'; parts: string[]; raw: string; start: number; end: number }
  | { kind: 'phrase'; text: string; start: number; end: number }
  | { kind: 'op'; op: string; start: number; end: number };

export function parseLucene(source: string): ast.Query {
  const toks = tokenize(source);
  let i = 0;
  const fail = (message: string, at: number): never => {
    throw new KqlError(message, source, at);
  };
  const peek = () => toks[i];
  const isOp = (op: string) => {
    const t = toks[i];
    return t !== undefined && t.kind === 'op' && t.op === op;
  };
  const isKeyword = (w: string) => {
    const t = toks[i];
    return t !== undefined && t.kind === 'word' && t.raw === w;
  };

  const orExpr = (field: ast.FieldName | null): ast.Query => {
    const start = peek()?.start ?? source.length;
    const operands: ast.Query[] = [andExpr(field)];
    for (;;) {
      if (isKeyword('OR') || isOp('||')) {
        i++;
        operands.push(andExpr(field));
        continue;
      }
      const t = peek();
      // Implicit OR between clauses side by side.
      if (t && !(t.kind === 'op' && t.op === ')') && !isKeyword('AND') && !isOp('&&')) {
        operands.push(andExpr(field));
        continue;
      }
      break;
    }
    return operands.length === 1
      ? operands[0]
      : { type: 'or', operands, span: { start, end: toks[i - 1]?.end ?? start } };
  };
  const andExpr = (field: ast.FieldName | null): ast.Query => {
    const start = peek()?.start ?? source.length;
    const operands = [unary(field)];
    while (isKeyword('AND') || isOp('&&')) {
      i++;
      operands.push(unary(field));
    }
    return operands.length === 1
      ? operands[0]
      : { type: 'and', operands, span: { start, end: toks[i - 1]?.end ?? start } };
  };
  const unary = (field: ast.FieldName | null): ast.Query => {
    const t = peek();
    if (!t) return fail('expected a term', source.length);
    if (isKeyword('NOT') || isOp('!') || isOp('-')) {
      i++;
      const operand = unary(field);
      return { type: 'not', operand, span: { start: t.start, end: operand.span.end } };
    }
    if (isOp('+')) {
      i++;
      return unary(field);
    }
    return primary(field);
  };
  const primary = (field: ast.FieldName | null): ast.Query => {
    const t = peek();
    if (!t) return fail('expected a term', source.length);
    if (t.kind === 'op' && t.op === '(') {
      i++;
      const q = orExpr(field);
      if (!isOp(')'))
        fail(`missing ')' to close the '(' at offset ${t.start}`, peek()?.start ?? source.length);
      i++;
      return q;
    }
    if (t.kind === 'op' && (t.op === '[' || t.op === '{')) {
      if (!field) return fail('a range needs a field: field:[a TO b]', t.start);
      return range(field);
    }
    if (t.kind === 'op') return fail(`unexpected '${t.op}'`, t.start);
    i++;
    if (t.kind === 'word' && isOp(':')) {
      if (field) fail('a field inside a field group', t.start);
      i++;
      const name: ast.FieldName = { parts: t.parts, span: { start: t.start, end: t.end } };
      if (t.raw === '_exists_') {
        const f = peek();
        if (!f || f.kind !== 'word') return fail('_exists_ needs a field name', t.end);
        i++;
        return {
          type: 'exists',
          field: { parts: f.parts, span: f },
          span: { start: t.start, end: f.end },
        };
      }
      const v = peek();
      if (!v) return fail(`expected a value after '${t.raw}:'`, source.length);
      if (v.kind === 'op' && v.op === '(') {
        i++;
        const q = orExpr(name);
        if (!isOp(')'))
          fail("missing ')' to close the value group", peek()?.start ?? source.length);
        i++;
        return q;
      }
      if (v.kind === 'op' && (v.op === '[' || v.op === '{')) return range(name);
      return primary(name);
    }
    suffix();
    const span = { start: t.start, end: t.end };
    if (!field) {
      const value: ast.Value =
        t.kind === 'phrase'
          ? { parts: [t.text], quoted: true, span }
          : { parts: t.parts, quoted: false, span };
      return { type: 'free', value, span };
    }
    if (t.kind === 'phrase')
      return { type: 'match', field, value: { parts: [t.text], quoted: true, span }, span };
    if (t.parts.length === 2 && t.parts[0] === '' && t.parts[1] === '')
      return { type: 'exists', field, span };
    if (t.raw.startsWith('/'))
      fail('Lucene regular expressions are not supported; use a wildcard', t.start);
    return { type: 'match', field, value: { parts: t.parts, quoted: false, span }, span };
  };
  const suffix = () => {
    const t = peek();
    if (t && t.kind === 'op' && (t.op === '~' || t.op === '^'))
      fail(
        t.op === '~'
          ? 'fuzzy and proximity searches (~) are not supported'
          : 'boosts (^) are not supported',
        t.start,
      );
  };
  const range = (field: ast.FieldName): ast.Query => {
    const open = toks[i++] as Extract<Tok, { kind: 'op' }>;
    const lo = toks[i++];
    const to = toks[i++];
    const hi = toks[i++];
    const close = toks[i++];
    if (
      !lo ||
      lo.kind === 'op' ||
      !to ||
      to.kind !== 'word' ||
      to.raw !== 'TO' ||
      !hi ||
      hi.kind === 'op'
    )
      return fail('a range is written [low TO high]', open.start);
    if (!close || close.kind !== 'op' || (close.op !== ']' && close.op !== '}'))
      return fail("a range ends with ']' or '}'", close?.start ?? source.length);
    const text = (x: Tok) => (x.kind === 'phrase' ? x.text : (x as { raw: string }).raw);
    const span = { start: open.start, end: close.end };
    const bounds: ast.Query[] = [];
    if (text(lo) !== '*')
      bounds.push({
        type: 'range',
        field,
        op: open.op === '[' ? '>=' : '>',
        value: { parts: [text(lo)], quoted: false, span },
        span,
      });
    if (text(hi) !== '*')
      bounds.push({
        type: 'range',
        field,
        op: close.op === ']' ? '<=' : '<',
        value: { parts: [text(hi)], quoted: false, span },
        span,
      });
    if (bounds.length === 0) return { type: 'exists', field, span };
    return bounds.length === 1 ? bounds[0] : { type: 'and', operands: bounds, span };
  };

  if (toks.length === 0) return { type: 'and', operands: [], span: { start: 0, end: 0 } };
  const q = orExpr(null);
  if (i < toks.length)
    fail(`unexpected '${source.slice(toks[i].start, toks[i].end)}'`, toks[i].start);
  return q;
}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let p = 0;
  while (p < src.length) {
    const c = src[p];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      p++;
      continue;
    }
    const two = src.slice(p, p + 2);
    if (two === '&&' || two === '||') {
      toks.push({ kind: 'op', op: two, start: p, end: p + 2 });
      p += 2;
      continue;
    }
    if (
      '()[]{}:^~!'.includes(c) ||
      ((c === '+' || c === '-') && (p === 0 || /[\s(]/.test(src[p - 1])))
    ) {
      toks.push({ kind: 'op', op: c, start: p, end: p + 1 });
      p++;
      continue;
    }
    if (c === '"') {
      const start = p++;
      let text = '';
      while (p < src.length && src[p] !== '"') {
        if (src[p] === '\\' && p + 1 < src.length) p++;
        text += src[p++];
      }
      if (p >= src.length) throw new KqlError('unterminated quoted string', src, start);
      p++;
      toks.push({ kind: 'phrase', text, start, end: p });
      continue;
    }
    const start = p;
    const parts: string[] = [];
    let text = '';
    let raw = '';
    while (p < src.length && !SPECIAL.has(src[p])) {
      if (src[p] === '\\') {
        if (p + 1 >= src.length)
          throw new KqlError('a backslash at the end escapes nothing', src, p);
        text += src[p + 1];
        raw += src.slice(p, p + 2);
        p += 2;
        continue;
      }
      if (src[p] === '*') {
        parts.push(text);
        text = '';
      } else if (src[p] === '?') {
        // Lucene's one-character wildcard: approximated as `*` (a superset), said in README.
        parts.push(text);
        text = '';
      } else text += src[p];
      raw += src[p];
      p++;
    }
    parts.push(text);
    toks.push({ kind: 'word', parts, raw, start, end: p });
  }
  return toks;
}
