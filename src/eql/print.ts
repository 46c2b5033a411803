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

// The characters a string literal escapes. A rule set's plan prints every conjunct to find
// the equal ones (954 Elastic rules: long lists of Windows paths); a regular expression over
// the text cost a tenth of building it one code point at a time.
const ESCAPED = /["\\\u0000-\u001f\u007f]/;
const ESCAPED_ALL = /["\\\u0000-\u001f\u007f]/g;

function escape(ch: string): string {
  switch (ch) {
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    default:
      return `\\u{${ch.charCodeAt(0).toString(16)}}`;
  }
}

export function printString(value: string): string {
  return ESCAPED.test(value) ? `"${value.replace(ESCAPED_ALL, escape)}"` : `"${value}"`;
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
