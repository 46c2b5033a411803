// The offline kit: `SEQUENT_RULES=<folder|zip|file> npm run build` bakes those rules into the
// app (and its single HTML file) as built-in rules, seeded on first open. Read at build time
// with the same importer and checks as a drop in the app.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  importRules,
  importRulesFromZip,
  isRuleFileName,
  ruleQueryChecker,
  summarize,
  formatSummary,
  type Rule,
} from '../src/rules/index.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      if (name.startsWith('.')) return [];
      const full = join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full) : isRuleFileName(full) ? [full] : [];
    });
}

export function loadKitRules(source: string): Rule[] {
  const options = {
    checkQuery: ruleQueryChecker(),
    skipNonRules: true,
    origin: 'elastic' as const,
  };
  const report = source.toLowerCase().endsWith('.zip')
    ? importRulesFromZip(new Uint8Array(readFileSync(source)), options)
    : statSync(source).isDirectory()
      ? importRules(
          filesUnder(source).map((f) => ({
            name: relative(source, f),
            text: readFileSync(f, 'utf8'),
          })),
          options,
        )
      : importRules([{ name: source, text: readFileSync(source, 'utf8') }], options);
  process.stderr.write(`offline kit: ${source}: ${formatSummary(summarize(report))}\n`);
  for (const e of report.errors)
    process.stderr.write(`offline kit: left out ${e.file}:${e.line}: ${e.message}\n`);
  // Rules that cannot run on a file ride along switched off, so the rules page says why.
  return [...report.rules, ...report.unsupported.map((u) => ({ ...u.rule, enabled: false }))];
}
