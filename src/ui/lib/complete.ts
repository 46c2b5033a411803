// Field-name completion for the EQL console: the word being typed at the caret, matched
// against the field names the session's data actually has (prefix matches first).

export interface Completion {
  start: number;
  end: number;
  prefix: string;
  options: string[];
}

const WORD = /[\w.@-]/;

// Words of the language itself. A field name merely containing one (`command_line` holds
// `and`, half of them hold `in`) is no completion of it: after `and` or `in` the list would
// open over the query's own buttons for nothing. Fields starting with one are still offered.
const KEYWORDS = new Set([
  'and',
  'or',
  'not',
  'in',
  'like',
  'regex',
  'where',
  'by',
  'with',
  'maxspan',
  'until',
  'of',
  'sequence',
  'sample',
  'join',
  'true',
  'false',
  'null',
  'head',
  'tail',
  'filter',
  'unique',
  'count',
  'sort',
]);

function insideString(text: string, caret: number): boolean {
  let quote: string | null = null;
  for (let i = 0; i < caret; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'" || ch === '`') {
      // Triple-quoted raw strings open and close with three quotes; one quote pair per char works too.
      quote = ch;
    }
  }
  return quote !== null && quote !== '`';
}

export function complete(
  text: string,
  caret: number,
  fields: readonly string[],
  max = 12,
): Completion | null {
  let start = caret;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  let end = caret;
  while (end < text.length && WORD.test(text[end])) end++;
  const prefix = text.slice(start, caret);
  if (!prefix || /^\d/.test(prefix) || insideString(text, start)) return null;
  const p = prefix.toLowerCase();
  const inner = p.length >= 2 && !KEYWORDS.has(p);
  const head: string[] = [];
  const rest: string[] = [];
  for (const f of fields) {
    const l = f.toLowerCase();
    if (l === p) continue;
    if (l.startsWith(p)) head.push(f);
    else if (inner && l.includes(p)) rest.push(f);
  }
  head.sort((a, b) => a.length - b.length || a.localeCompare(b));
  const options = [...head, ...rest].slice(0, max);
  return options.length ? { start, end, prefix, options } : null;
}

/** The text after accepting `option` for the word at [start, end). */
export function accept(
  text: string,
  c: Completion,
  option: string,
): { text: string; caret: number } {
  return {
    text: text.slice(0, c.start) + option + text.slice(c.end),
    caret: c.start + option.length,
  };
}
