// `sequent check PATH…`: validates Elastic detection-rules TOML and Kibana exports (files or
// folders, recursively) and says, rule by rule, whether Sequent can run it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  emptyReport,
  formatEntry,
  formatSummary,
  importRules,
  importRulesFromZip,
  isRuleFileName,
  ruleQueryChecker,
  summarize,
  type CheckSummary,
  type ImportReport,
  type QueryChecker,
  type RuleFile,
} from '../rules/index.ts';

const USAGE = `usage: sequent check [--quiet] PATH…

Validates rule files: Elastic detection-rules TOML and Sigma YAML (a file, or a folder searched
recursively), Kibana rule exports (NDJSON), and zips of either, including Elastic's
prebuilt rules package (security_detection_engine-<version>.zip). Prints one line per
rule and a summary per rule type; exits 1 when any rule fails to load or its query (EQL,
KQL or Lucene) does not compile. Rules that cannot run on a file (ES|QL, machine
learning, indicator match) are listed with the reason, not as failures.

options:
  --quiet   print only failures and the summary
  --json    print one JSON object (summary and every rule's outcome) instead
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
  return runCheck(argv, ruleQueryChecker(), stdio);
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
  const json = argv.includes('--json');
  const unknown = argv.filter((a) => a.startsWith('-') && !['--quiet', '-q', '--json'].includes(a));
  if (unknown.length > 0) {
    io.err(`sequent check: unknown option ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }
  const paths = argv.filter((a) => !a.startsWith('-'));
  if (paths.length === 0) {
    io.err(`sequent check: no rule files given\n\n${USAGE}`);
    return 2;
  }

  // Files named on the command line must be rules; files found in a folder may be anything
  // (pyproject.toml, package.json) and are skipped when they are not rules.
  const report = emptyReport();
  let unreadable = 0;
  const unreadableEntries: { file: string; message: string }[] = [];
  for (const path of paths) {
    if (path.toLowerCase().endsWith('.zip')) {
      try {
        merge(
          report,
          importRulesFromZip(new Uint8Array(readFileSync(path)), {
            checkQuery,
            skipNonRules: true,
          }),
        );
      } catch (e) {
        unreadable++;
        unreadableEntries.push({ file: path, message: reason(e) });
        if (!json) io.out(`error  ${path}  ${reason(e)}\n`);
      }
      continue;
    }
    const walked = isDirectory(path);
    const files: RuleFile[] = [];
    for (const file of walked ? ruleFilesUnder(path) : [path]) {
      try {
        files.push({ name: file, text: readFileSync(file, 'utf8') });
      } catch (e) {
        unreadable++;
        unreadableEntries.push({ file, message: reason(e) });
        if (!json) io.out(`error  ${file}  ${reason(e)}\n`);
      }
    }
    merge(report, importRules(files, { checkQuery, skipNonRules: walked }));
  }
  if (!checkQuery) io.err('sequent check: EQL parser unavailable; queries are not checked\n');

  const summary = summarize(report);
  summary.total += unreadable;
  summary.failed += unreadable;
  if (json) {
    io.out(JSON.stringify(jsonReport(report, unreadableEntries, summary), null, 2) + '\n');
    return summary.failed > 0 ? 1 : 0;
  }
  for (const entry of report.entries) {
    if (quiet && entry.status !== 'error') continue;
    io.out(formatEntry(entry) + '\n');
  }
  for (const w of report.warnings) io.err(`warning  ${w.file}:${w.line}  ${w.message}\n`);
  io.out(formatSummary(summary) + '\n');
  return summary.failed > 0 ? 1 : 0;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reading it reports the problem in the person's own words
  }
}

/** The rule files under a folder, recursively, in name order; hidden folders left out. */
function ruleFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...ruleFilesUnder(full));
    else if (isRuleFileName(full)) found.push(full);
  }
  return found;
}

function merge(into: ImportReport, from: ImportReport): void {
  into.entries.push(...from.entries);
  into.rules.push(...from.rules);
  into.unsupported.push(...from.unsupported);
  into.errors.push(...from.errors);
  into.skipped.push(...from.skipped);
  into.warnings.push(...from.warnings);
}

/** For scripts: what the lines say, without the full rule bodies. */
function jsonReport(
  report: ImportReport,
  unreadable: { file: string; message: string }[],
  summary: CheckSummary,
) {
  const rules = report.entries.map((e) => {
    const { rule: _rule, ...rest } = e;
    const rule = e.rule;
    return rule ? { ...rest, id: rule.id, name: rule.name, type: rule.type } : rest;
  });
  return {
    summary,
    rules: [
      ...unreadable.map((u) => ({ status: 'error' as const, file: u.file, message: u.message })),
      ...rules,
    ],
    skipped: report.skipped,
    warnings: report.warnings,
  };
}

function reason(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return (e as Error).message;
}
