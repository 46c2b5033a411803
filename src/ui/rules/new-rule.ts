// A blank rule for "create" and "save as rule", with Elastic's defaults for the schedule.
import type { RuleView } from '../../worker/app-api';

export function newRule(query = ''): RuleView {
  const id = crypto.randomUUID();
  return {
    id,
    name: 'New rule',
    description: '',
    type: 'eql',
    language: 'eql',
    query,
    prettyQuery: query,
    severity: 'medium',
    riskScore: 47,
    tags: [],
    tactics: [],
    techniques: [],
    falsePositives: [],
    note: '',
    references: [],
    author: [],
    license: '',
    version: 1,
    interval: '5m',
    from: 'now-9m',
    maxSignals: 100,
    index: ['logs-*', 'winlogbeat-*'],
    origin: 'imported',
    enabled: true,
    unsupported: null,
    error: null,
  };
}
