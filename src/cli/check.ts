// `sequent check PATH…`: validates Elastic detection-rules TOML and Kibana exports (files or
// folders, recursively) and says, rule by rule, whether Sequent can run it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from '../eql/index.ts';
import {
  formatEntry,
  formatSummary,
  importRules,
  isRuleFileName,
  queryCheckerFrom,
  summarize,
  type QueryChecker,
  type RuleFile,
} from '../rules/index.ts';

const USAGE = `usage: sequent check [--quiet] PATH…

Validates rule files: Elastic detection-rules TOML (a file, or a folder searched
recursively) and Kibana rule exports (NDJSON). Prints one line per rule and a summary;
exits 1 when any rule fails to load or its EQL query does not parse.

options:
  --quiet   print only failures and the summary
`;

export interface CheckIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

const stdio: CheckIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

export async function run(argv: string[]): Promise<number> {
  return runCheck(argv, queryCheckerFrom(parse), stdio);
}

/** Everything but the parser wiring, so tests can call it in-process. */
export function runCheck(
  argv: string[],
  checkQuery: QueryChecker | undefined,
  io: CheckIo,
): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const quiet = argv.includes('--quiet') || argv.includes('-q');
  const unknown = argv.filter((a) => a.startsWith('-') && !['--quiet', '-q'].includes(a));
  if (unknown.length > 0) {
    io.err(`sequent check: unknown option ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }
  const paths = argv.filter((a) => !a.startsWith('-'));
  if (paths.length === 0) {
    io.err(`sequent check: no rule files given\n\n${USAGE}`);
    return 2;
  }

  const files: RuleFile[] = [];
  let unreadable = 0;
  for (const path of paths) {
    for (const file of ruleFiles(path)) {
      try {
        files.push({ name: file, text: readFileSync(file, 'utf8') });
      } catch (e) {
        unreadable++;
        io.out(`error  ${file}  ${reason(e)}\n`);
      }
    }
  }
  if (!checkQuery) io.err('sequent check: EQL parser unavailable; queries are not checked\n');

  const report = importRules(files, { checkQuery });
  for (const entry of report.entries) {
    if (quiet && entry.status !== 'error') continue;
    io.out(formatEntry(entry) + '\n');
  }
  for (const w of report.warnings) io.err(`warning  ${w.file}:${w.line}  ${w.message}\n`);
  const summary = summarize(report);
  summary.total += unreadable;
  summary.failed += unreadable;
  io.out(formatSummary(summary) + '\n');
  return summary.failed > 0 ? 1 : 0;
}

/** A file as given (whatever its name), or the rule files under a folder, sorted. */
function ruleFiles(path: string): string[] {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return [path]; // reading it reports the problem in the person's own words
  }
  if (!stat.isDirectory()) return [path];
  const found: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (isRuleFileName(full)) found.push(full);
    }
  };
  walk(path);
  return found;
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (e as Error).message;
}
