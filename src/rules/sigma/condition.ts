// Sigma's condition language: identifiers, `and`, `or`, `not`, parentheses, and
// `1 of X` / `all of X` over identifier patterns (`*` wildcards) or `them`. Precedence,
// loosest first: or, and, not, `x of`, parentheses. Identifiers starting with `_` are left
// out of `them`, as the specification says.
import { CannotRun, InvalidSigma } from './errors.ts';
import { and, not, or, type Expr } from './expr.ts';

const PATH = ['detection', 'condition'];

interface Token {
  text: string;
  at: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  const re = /\s*(\(|\)|\||[^\s()|]+)/gy;
  let end = 0;
  for (let m = re.exec(src); m !== null; m = re.exec(src)) {
    out.push({ text: m[1], at: m.index + m[0].length - m[1].length });
    end = re.lastIndex;
  }
  if (src.slice(end).trim() !== '')
    throw new InvalidSigma(`condition: cannot read "${src.slice(end)}"`, PATH);
  return out;
}

export function parseCondition(src: string, ids: Map<string, Expr>): Expr {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos]?.text.toLowerCase();
  const fail = (msg: string): never => {
    const at = tokens[pos]?.at ?? src.length;
    throw new InvalidSigma(`condition: ${msg} at position ${at + 1} of "${src}"`, PATH);
  };

  const orExpr = (): Expr => {
    const items = [andExpr()];
    while (peek() === 'or') {
      pos++;
      items.push(andExpr());
    }
    return or(items);
  };
  const andExpr = (): Expr => {
    const items = [notExpr()];
    while (peek() === 'and') {
      pos++;
      items.push(notExpr());
    }
    return and(items);
  };
  const notExpr = (): Expr => {
    if (peek() === 'not') {
      pos++;
      return not(notExpr());
    }
    return primary();
  };
  const primary = (): Expr => {
    const t = tokens[pos];
    if (!t) return fail('expected an identifier');
    const word = t.text.toLowerCase();
    if (word === '(') {
      pos++;
      const e = orExpr();
      if (peek() !== ')') fail('expected )');
      pos++;
      return e;
    }
    if (
      (word === '1' || word === 'all' || word === 'any') &&
      tokens[pos + 1]?.text.toLowerCase() === 'of'
    ) {
      pos += 2;
      const target = tokens[pos];
      if (!target || target.text === '(' || target.text === ')')
        return fail('expected an identifier pattern or them after of');
      pos++;
      const matched = select(target.text);
      if (matched.length === 0) fail(`no search identifier matches ${target.text}`);
      return word === 'all' ? and(matched) : or(matched);
    }
    if (['and', 'or', 'not', ')', 'of'].includes(word)) return fail(`unexpected ${t.text}`);
    if (word === '|')
      throw new CannotRun(
        'condition aggregation',
        `"${src}" uses the obsolete aggregation syntax (| count…); use a correlation rule`,
      );
    const e = ids.get(t.text);
    if (!e) return fail(`unknown search identifier ${t.text}`);
    pos++;
    return e;
  };

  const select = (pattern: string): Expr[] => {
    if (pattern.toLowerCase() === 'them')
      return [...ids].filter(([k]) => !k.startsWith('_')).map(([, e]) => e);
    const re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
    return [...ids].filter(([k]) => re.test(k)).map(([, e]) => e);
  };

  const e = orExpr();
  if (pos < tokens.length) {
    if (tokens[pos].text === '|')
      throw new CannotRun(
        'condition aggregation',
        `"${src}" uses the obsolete aggregation syntax (| count…); use a correlation rule`,
      );
    fail(`unexpected ${tokens[pos].text}`);
  }
  return e;
}
