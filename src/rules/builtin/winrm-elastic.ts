// Elastic's "Incoming Execution via WinRM Remote Shell", version 5: an inbound WinRM (HTTP on
// 5985/5986) connection accepted by the System process, then within 30 s on the same host a
// process started by winrshost.exe. The query is Elastic's, unchanged.
import type { EqlRule } from '../model.ts';
import {
  winrmFalsePositives,
  winrmIndex,
  winrmSchedule,
  winrmTags,
  winrmThreat,
} from './winrm-metadata.ts';

export const WINRM_ELASTIC_RULE_ID = '1cd01db9-be24-4bef-8e7c-e923f0ff78ab';

export const WINRM_ELASTIC_QUERY =
  'sequence by host.id with maxspan=30s ' +
  '[network where process.pid == 4 and network.direction : ("incoming", "ingress") and ' +
  'destination.port in (5985, 5986) and network.protocol == "http" and ' +
  'source.ip != "127.0.0.1" and source.ip != "::1"] ' +
  '[process where event.type == "start" and process.parent.name : "winrshost.exe" and ' +
  'not process.name : "conhost.exe"]';

export function winrmElasticRule(): EqlRule {
  return {
    id: WINRM_ELASTIC_RULE_ID,
    name: 'Incoming Execution via WinRM Remote Shell',
    description:
      'Finds commands run on a host through a Windows Remote Management (WinRM) remote ' +
      'shell: an incoming WinRM connection followed by a process that winrshost.exe ' +
      'started. It can point to lateral movement.',
    type: 'eql',
    language: 'eql',
    query: WINRM_ELASTIC_QUERY,
    severity: 'medium',
    risk_score: 47,
    tags: [...winrmTags],
    threat: structuredClone(winrmThreat),
    false_positives: [...winrmFalsePositives],
    references: [],
    author: ['Elastic'],
    license: 'Elastic License v2',
    version: 5,
    ...winrmSchedule,
    index: [...winrmIndex],
    origin: 'elastic',
    enabled: true,
    metadata: {
      creation_date: '2020/11/24',
      integration: ['endpoint', 'windows'],
      maturity: 'production',
    },
  };
}
