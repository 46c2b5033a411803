// Public surface of the rules module: the model, built-in rules, import and export.
export type {
  EqlRule,
  QueryRule,
  RuleNewTerms,
  RuleThreshold,
  Rule,
  RuleOrigin,
  RuleType,
  Severity,
  Threat,
  ThreatSubtechnique,
  ThreatTactic,
  ThreatTechnique,
} from './model.ts';
export { isEqlRule } from './model.ts';
export {
  builtinRules,
  WINRM_ELASTIC_QUERY,
  WINRM_ELASTIC_RULE_ID,
  WINRM_SEQUENT_QUERY,
  WINRM_SEQUENT_RULE_ID,
} from './builtin/index.ts';
export type {
  ImportEntry,
  ImportError,
  ImportOptions,
  ImportReport,
  ImportedRule,
  QueryChecker,
  QuerySyntaxError,
  RuleFile,
  SkippedItem,
  UnsupportedRule,
} from './import/report.ts';
export { importRules, importRulesFromZip, isRuleFileName, ruleFormat } from './import/index.ts';
export { emptyReport } from './import/report.ts';
export { collisionId, mergeImport, type ImportMerge } from './import/merge.ts';
export { ruleToToml, rulesToToml, tomlFileName } from './export/toml.ts';
export { rulesToKibanaNdjson } from './export/kibana.ts';
export { queryCheckerFrom } from './query-checker.ts';
export {
  compileRule,
  ruleQueryChecker,
  withTimestampFallback,
  type CompiledRule,
} from './compile-rule.ts';
export { runPlan, lookBackMs, type RuleAggregation, type RunPlan } from './runtime.ts';
export { formatEntry, formatSummary, summarize, type CheckSummary } from './check-format.ts';
export { ruleMaxSamplesPerKey } from './sample-settings.ts';
export { builtinIdOf, replaceBuiltins } from './builtin-replace.ts';
