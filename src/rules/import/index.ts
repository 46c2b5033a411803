// Rule import for the browser and Node alike: callers hand over (name, text) pairs they have
// already read (files, a folder, a zip unpacked here with fflate).
import { unzipSync } from 'fflate';
import { importJson, importKibana } from './kibana.ts';
import { emptyReport, type ImportOptions, type ImportReport, type RuleFile } from './report.ts';
import { importToml } from './toml.ts';
import { looksLikeSigma } from '../sigma/convert.ts';
import { importSigma } from '../sigma/import.ts';
import { keepNewestVersions } from './versions.ts';

export type RuleFormat = 'toml' | 'ndjson' | 'json' | 'sigma';

/** Which reader a file needs: by extension, else by its content. */
export function ruleFormat(name: string, text: string): RuleFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.yml') || lower.endsWith('.yaml')) return 'sigma';
  if (lower.endsWith('.toml')) return 'toml';
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.json')) return 'json';
  const first = text.trimStart()[0];
  if (first === '{' || first === '[') return 'json';
  return looksLikeSigma(text) ? 'sigma' : 'toml';
}

export function importRules(files: RuleFile[], options: ImportOptions = {}): ImportReport {
  const report = emptyReport();
  // Sigma documents refer to each other across files (correlations, filters): read together.
  const sigma: RuleFile[] = [];
  for (const { name, text } of files) {
    // A UTF-8 byte-order mark breaks both TOML and JSON parsing; editors on Windows add it.
    const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    const format = ruleFormat(name, clean);
    if (format === 'sigma') {
      if (looksLikeSigma(clean)) sigma.push({ name, text: clean });
      else if (options.skipNonRules)
        report.skipped.push({ file: name, line: 1, reason: 'YAML but not a Sigma rule' });
      else sigma.push({ name, text: clean });
    } else if (format === 'toml') importToml(name, clean, options, report);
    else if (format === 'ndjson') importKibana(name, clean, options, report);
    else importJson(name, clean, options, report);
  }
  if (sigma.length) importSigma(sigma, options, report);
  return keepNewestVersions(report);
}

/** File names inside a zip that can hold rules. */
export function isRuleFileName(name: string): boolean {
  const lower = name.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (base.startsWith('.') || lower.startsWith('__macosx/')) return false;
  return /\.(toml|ndjson|jsonl|json|ya?ml)$/.test(lower);
}

export function importRulesFromZip(bytes: Uint8Array, options: ImportOptions = {}): ImportReport {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (file) => isRuleFileName(file.name) });
  } catch (e) {
    throw new Error(`not a readable zip archive: ${(e as Error).message}`, { cause: e });
  }
  const decoder = new TextDecoder('utf-8');
  const files = Object.keys(entries)
    .sort()
    .map((name) => ({ name, text: decoder.decode(entries[name]) }));
  return importRules(files, options);
}
