// Sigma outcomes as entries of the rules import report, so a dropped folder of Sigma YAML is
// listed the way TOML and Kibana rules are: runnable, unsupported (cannot run here, or a
// deprecated / unsupported status, with the reason), or an error at a file and line.
import { classify } from '../import/classify.ts';
import { push, type ImportOptions, type ImportReport, type RuleFile } from '../import/report.ts';
import { convertSigma } from './convert.ts';

export function importSigma(files: RuleFile[], options: ImportOptions, report: ImportReport): void {
  for (const o of convertSigma(files, options.origin)) {
    switch (o.status) {
      case 'converted':
        push(report, classify(o.rule, o.file, o.line, null, options.checkQuery));
        break;
      case 'cannot-run':
        push(report, {
          status: 'unsupported',
          file: o.file,
          line: o.line,
          name: o.name,
          type: 'sigma',
          reason: o.reason,
          rule: o.rule,
        });
        break;
      case 'inactive':
        push(report, {
          status: 'unsupported',
          file: o.file,
          line: o.line,
          name: o.rule.name,
          type: `sigma/${o.sigmaStatus}`,
          reason: `the rule's status is ${o.sigmaStatus}`,
          rule: o.rule,
        });
        break;
      case 'invalid':
        push(report, {
          status: 'error',
          file: o.file,
          line: o.line,
          ...(o.column !== undefined ? { column: o.column } : {}),
          ...(o.name !== undefined ? { name: o.name } : {}),
          message: o.message,
        });
        break;
      case 'filter':
        report.skipped.push({
          file: o.file,
          line: o.line,
          reason: `Sigma filter "${o.name}" applied to ${o.appliedTo.length} ${o.appliedTo.length === 1 ? 'rule' : 'rules'}`,
        });
        break;
    }
  }
}
