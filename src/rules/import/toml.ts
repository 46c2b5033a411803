// Elastic detection-rules TOML: one rule per file, `[metadata]` + `[rule]` with its
// `[[rule.threat]]` tables. smol-toml does the parsing; this maps it and finds line numbers.
import { parse, TomlError } from 'smol-toml';
import { classify, type QueryAnchor } from './classify.ts';
import { RuleFieldError, ruleFromElastic } from './fields.ts';
import { push, type ImportOptions, type ImportReport } from './report.ts';

export function importToml(
  file: string,
  text: string,
  options: ImportOptions,
  report: ImportReport,
): void {
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof TomlError) {
      push(report, {
        status: 'error',
        file,
        line: e.line,
        column: e.column,
        message: `TOML: ${firstLine(e.message)}`,
      });
      return;
    }
    throw e;
  }
  const ruleLine = headerLine(text, 'rule') ?? 1;
  const raw = doc.rule;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    if (options.skipNonRules) {
      report.skipped.push({ file, line: 1, reason: 'no [rule] table: not a rule file' });
    } else {
      push(report, { status: 'error', file, line: 1, message: 'no [rule] table: not a rule file' });
    }
    return;
  }
  const metadata = doc.metadata;
  const warn = (message: string) => report.warnings.push({ file, line: ruleLine, message });
  try {
    const rule = ruleFromElastic(raw as Record<string, unknown>, {
      file,
      origin: options.origin ?? 'imported',
      metadata:
        typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata)
          ? (metadata as Record<string, unknown>)
          : undefined,
      warn,
    });
    push(report, classify(rule, file, ruleLine, queryAnchor(text), options.checkQuery));
  } catch (e) {
    if (!(e instanceof RuleFieldError)) throw e;
    const name = (raw as Record<string, unknown>).name;
    push(report, {
      status: 'error',
      file,
      line: ruleLine,
      ...(typeof name === 'string' ? { name } : {}),
      message: `[rule] ${e.message}`,
    });
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0];
}

function headerLine(text: string, table: string): number | null {
  const lines = text.split('\n');
  const re = new RegExp(`^\\s*\\[\\s*${table}\\s*\\]\\s*(#.*)?$`);
  const i = lines.findIndex((l) => re.test(l.replace(/\r$/, '')));
  return i < 0 ? null : i + 1;
}

/**
 * Where the first character of the `query` value sits (after a multi-line opener's newline).
 * Scans lines the way TOML reads them, so a `query =` inside a multi-line description or in
 * another table ([rule.threshold]) is not taken for the rule's query.
 */
export function queryAnchor(text: string): QueryAnchor | null {
  const lines = text.split('\n');
  let table = '';
  let open: string | null = null; // the delimiter of a multi-line string we are inside
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/\r$/, '');
    if (open) {
      if (line.includes(open)) open = null;
      continue;
    }
    const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line);
    if (header) {
      table = header[1].replace(/\s+/g, '');
      continue;
    }
    const m = /^(\s*query\s*=\s*)('''|"""|'|")?/.exec(line);
    if (m && table === 'rule') {
      const opener = m[2] ?? '';
      const after = m[1].length + opener.length;
      if (opener.length === 3 && line.slice(after) === '') return { line: i + 2, column: 1 };
      return { line: i + 1, column: after + 1 };
    }
    // A multi-line string opens on this line when its delimiter appears once (`key = """`,
    // or a bare `"""` inside an array such as false_positives).
    const single = line.indexOf("'''");
    const double = line.indexOf('"""');
    const first = single < 0 ? double : double < 0 ? single : Math.min(single, double);
    if (first < 0) continue;
    const delimiter = line.slice(first, first + 3);
    if (!line.slice(first + 3).includes(delimiter)) open = delimiter;
  }
  return null;
}
