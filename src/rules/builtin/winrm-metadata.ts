// What both WinRM remote-shell rules share: the ATT&CK mapping, schedule and responder notes.
// Facts taken from Elastic's detection-rules entry for "Incoming Execution via WinRM Remote
// Shell" (rule_id 1cd01db9-…, version 5); the wording is ours.
import type { Threat } from '../model.ts';

export const winrmThreat: Threat[] = [
  {
    framework: 'MITRE ATT&CK',
    tactic: {
      id: 'TA0008',
      name: 'Lateral Movement',
      reference: 'https://attack.mitre.org/tactics/TA0008/',
    },
    technique: [
      {
        id: 'T1021',
        name: 'Remote Services',
        reference: 'https://attack.mitre.org/techniques/T1021/',
        subtechnique: [
          {
            id: 'T1021.006',
            name: 'Windows Remote Management',
            reference: 'https://attack.mitre.org/techniques/T1021/006/',
          },
        ],
      },
    ],
  },
];

export const winrmFalsePositives = [
  'WinRM serves administrators as much as attackers: the same remote shell runs benign ' +
    'management tasks. Baseline which hosts and accounts use it in your environment to know ' +
    'how much noise to expect.',
];

export const winrmTags = ['Elastic', 'Host', 'Windows', 'Threat Detection', 'Lateral Movement'];

export const winrmSchedule = { interval: '5m', from: 'now-9m', max_signals: 100 } as const;

export const winrmIndex = ['winlogbeat-*', 'logs-endpoint.events.*', 'logs-windows.*'];
