// Sequent's own take on the WinRM remote-shell rule for Sysmon and Security logs. Elastic's
// rule waits for `network.protocol == "http"`, which only Elastic Defend writes; Sysmon 3 and
// Security 5156 never carry it, so on Winlogbeat data the Elastic rule can never fire. This
// variant keeps both steps and takes the incoming connection from Sysmon 3 (Image System,
// Initiated false) or Security 5156 (inbound, Application System, PID 4). Some NXLog exports
// drop the Sysmon ProcessId, hence the executable/name alternatives for PID 4.
import type { EqlRule } from '../model.ts';
import {
  winrmFalsePositives,
  winrmIndex,
  winrmSchedule,
  winrmTags,
  winrmThreat,
} from './winrm-metadata.ts';

export const WINRM_SEQUENT_RULE_ID = 'a3f6c2d8-5b1e-4c7a-9e20-53e9c0de7001';

export const WINRM_SEQUENT_QUERY =
  'sequence by host.id with maxspan=30s ' +
  '[network where event.code in ("3", "5156") and ' +
  '(process.pid == 4 or process.executable : "System" or process.name : "System") and ' +
  'network.direction : ("incoming", "ingress") and destination.port in (5985, 5986) and ' +
  'source.ip != "127.0.0.1" and source.ip != "::1"] ' +
  '[process where event.type == "start" and process.parent.name : "winrshost.exe" and ' +
  'not process.name : "conhost.exe"]';

export function winrmSequentRule(): EqlRule {
  return {
    id: WINRM_SEQUENT_RULE_ID,
    name: 'Incoming Execution via WinRM Remote Shell (Sysmon / Security logs)',
    description:
      "Sequent's own variant of Elastic's WinRM remote-shell rule for Sysmon and Windows " +
      'Security exports, which never record the HTTP protocol: an incoming connection to ' +
      'port 5985/5986 accepted by the System process (Sysmon event 3 or Security event ' +
      '5156), followed within 30 s on the same host by a process that winrshost.exe started.',
    type: 'eql',
    language: 'eql',
    query: WINRM_SEQUENT_QUERY,
    severity: 'medium',
    risk_score: 47,
    tags: [...winrmTags, 'Sequent'],
    threat: structuredClone(winrmThreat),
    false_positives: [...winrmFalsePositives],
    note:
      'Not an Elastic rule: written by Sequent from Elastic\'s "Incoming Execution via WinRM ' +
      `Remote Shell" (rule_id 1cd01db9-be24-4bef-8e7c-e923f0ff78ab) for Winlogbeat-style data.`,
    references: [],
    author: ['Sequent'],
    license: 'Elastic License v2',
    version: 1,
    ...winrmSchedule,
    index: [...winrmIndex],
    origin: 'sequent',
    enabled: true,
  };
}
