// Small synthetic Sigma rules (written here, labelled synthetic) run on hand-made events:
// converted, compiled by the real EQL compiler and tested on documents shaped as Sequent's
// ingest writes them.
import type { Doc } from '../../../src/eql/compiled.ts';
import { compile } from '../../../src/eql/index.ts';
import type { Rule } from '../../../src/rules/model.ts';
import { convertSigma, type SigmaOutcome } from '../../../src/rules/sigma/index.ts';

/** A synthetic rule around a detection section (YAML, indented as under `detection:`). */
export function sigmaRule(detection: string, logsource = 'product: windows', extra = ''): string {
  return [
    'title: Synthetic test rule',
    'id: 00000000-0000-4000-8000-000000000001',
    'logsource:',
    indent(logsource),
    'detection:',
    indent(detection),
    extra,
  ].join('\n');
}

const indent = (s: string): string =>
  s
    .split('\n')
    .map((l) => (l.trim() ? `    ${l}` : l))
    .join('\n');

export function convertOne(yaml: string): SigmaOutcome {
  const out = convertSigma([{ name: 'synthetic.yml', text: yaml }]);
  if (out.length !== 1) throw new Error(`expected one outcome, got ${out.length}`);
  return out[0];
}

export function converted(yaml: string): Rule {
  const o = convertOne(yaml);
  if (o.status !== 'converted') throw new Error(`not converted: ${JSON.stringify(o)}`);
  return o.rule;
}

/** Which of the documents the rule's (single-event) query matches. */
export function matching(yaml: string, docs: Doc[]): number[] {
  const rule = converted(yaml);
  const stage = compile(rule.query!, {
    categoryField: rule.event_category_override ?? 'event.category',
  }).stages[0];
  return docs.flatMap((d, i) => (stage.test(d) ? [i] : []));
}

/** A document with Windows EventData fields, as ingest keeps them under winlog.event_data. */
export const eventData = (fields: Record<string, unknown>): Doc => ({
  winlog: { event_data: fields },
});
