// Checks that need the whole tree rather than the next token: function names, arity and
// `~` variants, and the constant patterns of `regex`, reported where they are written.
import type * as ast from './ast.ts';
import { EqlError } from './errors.ts';
import { FUNCTIONS, lookupFunction, parseCidr } from './functions.ts';
import { printExpr, printString } from './print.ts';
import { regexMatcher, RegexSyntaxError } from './regex.ts';
import { walk } from './walk.ts';

function closest(name: string): string | null {
  const target = name.toLowerCase();
  let best: string | null = null;
  let bestDistance = 3;
  for (const spec of FUNCTIONS.values()) {
    const d = editDistance(target, spec.name.toLowerCase());
    if (d < bestDistance) {
      bestDistance = d;
      best = spec.name;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function plural(n: number): string {
  return n === 1 ? '1 argument' : `${n} arguments`;
}

function arity(spec: { minArgs: number; maxArgs: number }): string {
  if (spec.maxArgs === Infinity) return `at least ${plural(spec.minArgs)}`;
  if (spec.minArgs === spec.maxArgs) return `exactly ${plural(spec.minArgs)}`;
  return `${spec.minArgs} to ${plural(spec.maxArgs)}`;
}

/** What each argument must be when written as a constant: string, number, boolean, any. */
const ARGUMENT_KINDS: Record<string, string> = {
  add: 'nn',
  between: 'sssb',
  cidrmatch: 's',
  divide: 'nn',
  endswith: 'ss',
  indexof: 'ssn',
  length: 's',
  modulo: 'nn',
  multiply: 'nn',
  number: 'sn',
  startswith: 'ss',
  stringcontains: 'ss',
  substring: 'snn',
  subtract: 'nn',
};
const KIND_NAMES: Record<string, string> = { s: 'a string', n: 'a number', b: 'true or false' };
const LITERAL_KINDS: Record<string, string> = { String: 's', Number: 'n', Boolean: 'b' };

// Elasticsearch type-checks arguments before running anything; constants are the part of
// that check that holds for untyped events too.
function checkArguments(call: ast.Call, name: string, source: string): void {
  const kinds = ARGUMENT_KINDS[name];
  if (!kinds) return;
  call.args.forEach((arg, i) => {
    const want = kinds[Math.min(i, kinds.length - 1)];
    const have = LITERAL_KINDS[arg.type];
    if (!have || want === '*' || have === want) return;
    throw new EqlError(
      `argument ${i + 1} of ${call.name} must be ${KIND_NAMES[want]}, found ${printExpr(arg)}`,
      source,
      arg.span.start,
      arg.span.end - arg.span.start,
    );
  });
  if (name === 'cidrmatch')
    for (const arg of call.args.slice(1))
      if (arg.type === 'String' && !parseCidr(arg.value))
        throw new EqlError(
          `${printString(arg.value)} is not an IP address or CIDR block (as in "10.0.0.0/8" or "fe80::/10")`,
          source,
          arg.span.start,
          arg.span.end - arg.span.start,
        );
}

function checkCall(call: ast.Call, source: string): void {
  const fail = (message: string): never => {
    throw new EqlError(message, source, call.span.start, call.name.length);
  };
  const spec = lookupFunction(call.name);
  if (!spec) {
    const suggestion = closest(call.name.replace(/~$/, ''));
    fail(`unknown function ${call.name}` + (suggestion ? `; did you mean ${suggestion}?` : ''));
    return;
  }
  if (call.name.endsWith('~') && !spec.insensitive)
    fail(`function ${spec.name} has no case-insensitive ~ variant`);
  const n = call.args.length;
  if (n < spec.minArgs || n > spec.maxArgs)
    fail(`function ${spec.name} expects ${arity(spec)}, found ${n}`);
  checkArguments(call, spec.name.toLowerCase(), source);
}

function checkMatch(match: ast.Match, source: string): void {
  if (match.op !== 'regex' && match.op !== 'regex~') return;
  for (const p of match.patterns) {
    if (p.type !== 'String') continue;
    try {
      regexMatcher(p.value, match.op === 'regex~');
    } catch (e) {
      if (!(e instanceof RegexSyntaxError)) throw e;
      throw new EqlError(
        `invalid regular expression: ${e.message}`,
        source,
        p.span.start,
        p.span.end - p.span.start,
      );
    }
  }
}

/** Throws EqlError for the first semantic problem in the query. */
export function validate(query: ast.Query, source: string): void {
  walk(query, (node) => {
    if (node.type === 'Call') checkCall(node, source);
    else if (node.type === 'Match') checkMatch(node, source);
  });
}
