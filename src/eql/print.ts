// The canonical text of a query. Parentheses appear exactly where precedence needs them,
// so parse(print(q)) gives back q's tree; sequences and samples put one stage per line.
import type * as ast from './ast.ts';
import { KEYWORDS } from './tokens.ts';

// Binding strength of each construct, loosest first (mirrors expression-parser.ts).
enum Level {
  Or = 1,
  And,
  Not,
  Compare,
  Predicate,
  Additive,
  Multiplicative,
  Unary,
  Primary,
}

function level(e: ast.Expr): Level {
  switch (e.type) {
    case 'Logical':
      return e.op === 'or' ? Level.Or : Level.And;
    case 'Not':
      return Level.Not;
    case 'Compare':
      return Level.Compare;
    case 'Match':
    case 'In':
      return Level.Predicate;
    case 'Arith':
      return e.op === '+' || e.op === '-' ? Level.Additive : Level.Multiplicative;
    case 'Negate':
      return Level.Unary;
    default:
      return Level.Primary;
  }
}

const PLAIN_NAME = /^[A-Za-z_@][A-Za-z0-9_@]*$/;

function printName(segment: string, first: boolean): string {
  if (PLAIN_NAME.test(segment) && !(first && KEYWORDS.has(segment))) return segment;
  return '`' + segment.replace(/`/g, '``') + '`';
}

// A rule set's plan prints every conjunct to find the equal ones (954 Elastic rules: long
// lists of Windows paths): the text is copied in runs between the characters to escape,
// not rebuilt one code point at a time.
export function printString(value: string): string {
  let out = '"';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    // Quote, backslash, control characters and DEL; every other UTF-16 unit is printed as is.
    if (code >= 0x20 && code !== 0x22 && code !== 0x5c && code !== 0x7f) continue;
    out += value.slice(from, i) + escape(code);
    from = i + 1;
  }
  return from === 0 ? `"${value}"` : out + value.slice(from) + '"';
}

function escape(code: number): string {
  switch (code) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    default:
      return `\\u{${code.toString(16)}}`;
  }
}

function printNumber(n: ast.NumberLiteral): string {
  if (n.integer && Number.isInteger(n.value)) return BigInt(n.value).toString();
  const text = String(n.value);
  return /[.eE]/.test(text) ? text : `${text}.0`;
}

function wrap(e: ast.Expr, min: Level): string {
  const text = printExpr(e);
  return level(e) < min ? `(${text})` : text;
}

/** Prints one expression in canonical form. */
export function printExpr(e: ast.Expr): string {
  switch (e.type) {
    case 'Number':
      return printNumber(e);
    case 'String':
      return printString(e.value);
    case 'Boolean':
      return String(e.value);
    case 'Null':
      return 'null';
    case 'Field':
      return (e.optional ? '?' : '') + e.path.map((s, i) => printName(s, i === 0)).join('.');
    case 'Not':
      return `not ${wrap(e.operand, Level.Not)}`;
    case 'Logical': {
      const own = level(e);
      return `${wrap(e.left, own)} ${e.op} ${wrap(e.right, own + 1)}`;
    }
    case 'Compare':
      return `${wrap(e.left, Level.Predicate)} ${e.op} ${wrap(e.right, Level.Predicate)}`;
    case 'Arith': {
      const own = level(e);
      return `${wrap(e.left, own)} ${e.op} ${wrap(e.right, own + 1)}`;
    }
    case 'Negate': {
      const inner = wrap(e.operand, Level.Unary);
      // Keep `- -x` apart so it never reads as a comment or a different token.
      return inner.startsWith('-') ? `- ${inner}` : `-${inner}`;
    }
    case 'Match': {
      const patterns = e.patterns.map((p) => printExpr(p));
      // A hand-built node may claim no list yet hold several patterns: print them all.
      const right = e.list || patterns.length !== 1 ? `(${patterns.join(', ')})` : patterns[0];
      return `${wrap(e.operand, Level.Additive)} ${e.op} ${right}`;
    }
    case 'In': {
      const op = `${e.negated ? 'not ' : ''}in${e.insensitive ? '~' : ''}`;
      return `${wrap(e.operand, Level.Additive)} ${op} (${e.values.map(printExpr).join(', ')})`;
    }
    case 'Call':
      return `${e.name}(${e.args.map(printExpr).join(', ')})`;
  }
}

function printCategory(category: string | null): string {
  if (category === null) return 'any';
  return PLAIN_NAME.test(category) && !KEYWORDS.has(category) ? category : printString(category);
}

function printFilter(f: ast.EventFilter): string {
  return `${printCategory(f.category)} where ${printExpr(f.condition)}`;
}

function printKeys(keys: readonly ast.Expr[]): string {
  return keys.length > 0 ? ` by ${keys.map(printExpr).join(', ')}` : '';
}

function printStage(s: ast.SequenceStage | ast.SampleStage): string {
  const missing = s.type === 'SequenceStage' && s.missing;
  const runs = s.type === 'SequenceStage' && s.runs !== null ? ` with runs=${s.runs}` : '';
  return `${missing ? '![' : '['}${printFilter(s.filter)}]${printKeys(s.by)}${runs}`;
}

function printPipes(pipes: readonly ast.Pipe[], separator: string): string {
  return pipes.map((p) => `${separator}| ${p.name} ${p.count}`).join('');
}

/** Prints a whole query in canonical form. */
export function print(query: ast.Query): string {
  switch (query.type) {
    case 'EventQuery':
      return printFilter(query.filter) + printPipes(query.pipes, ' ');
    case 'SequenceQuery': {
      const maxspan = query.maxspan
        ? ` with maxspan=${query.maxspan.value}${query.maxspan.unit}`
        : '';
      const lines = [`sequence${printKeys(query.by)}${maxspan}`];
      for (const s of query.stages) lines.push(`  ${printStage(s)}`);
      if (query.until) lines.push(`until ${printStage(query.until)}`);
      return lines.join('\n') + printPipes(query.pipes, '\n');
    }
    case 'SampleQuery': {
      const lines = [`sample${printKeys(query.by)}`];
      for (const s of query.stages) lines.push(`  ${printStage(s)}`);
      return lines.join('\n') + printPipes(query.pipes, '\n');
    }
  }
}
