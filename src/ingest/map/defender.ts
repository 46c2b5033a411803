// Microsoft Defender Antivirus (Microsoft-Windows-Windows Defender/Operational), after the
// windows_defender pipeline of Elastic Agent's Windows integration: every event is
// event.category process / type start, event data names lose their spaces ("Threat Name" →
// Threat_Name), the user comes from `User`, the file from FullFilePath and FileHash. The
// pipeline sets no event.action; Sequent names the events Microsoft documents by their symbol.
import type { EcsBuilder } from './builder.ts';
import { mapping, type Mapping } from './mapping.ts';

const START = (action: string): Mapping => mapping(['process'], ['start'], action);

export const DEFENDER: Record<number, Mapping> = {
  1006: START('MALWAREPROTECTION_MALWARE_DETECTED'),
  1007: START('MALWAREPROTECTION_MALWARE_ACTION_TAKEN'),
  1008: START('MALWAREPROTECTION_MALWARE_ACTION_FAILED'),
  1013: START('MALWAREPROTECTION_MALWARE_HISTORY_DELETE'),
  1015: START('MALWAREPROTECTION_BEHAVIOR_DETECTED'),
  1116: START('MALWAREPROTECTION_STATE_MALWARE_DETECTED'),
  1117: START('MALWAREPROTECTION_STATE_MALWARE_ACTION_TAKEN'),
  1118: START('MALWAREPROTECTION_STATE_MALWARE_ACTION_FAILED'),
  1119: START('MALWAREPROTECTION_STATE_MALWARE_ACTION_CRITICALLY_FAILED'),
  1121: START('Attack surface reduction rule blocked'),
  1122: START('Attack surface reduction rule audited'),
  1123: START('Controlled folder access blocked'),
  1124: START('Controlled folder access audited'),
  5001: START('MALWAREPROTECTION_RTP_DISABLED'),
  5004: START('MALWAREPROTECTION_RTP_FEATURE_CONFIGURED'),
  5007: START('MALWAREPROTECTION_CONFIG_CHANGED'),
  5008: START('MALWAREPROTECTION_ENGINE_FAILURE'),
  5010: START('MALWAREPROTECTION_SCANNING_FOR_MALWARE_DISABLED'),
  5012: START('MALWAREPROTECTION_SCANNING_FOR_VIRUSES_DISABLED'),
  5013: START('MALWAREPROTECTION_TAMPER_PROTECTION_BLOCKED_CHANGES'),
};

export function mapDefender(b: EcsBuilder): void {
  const d = b.data;
  const winlog = b.doc.winlog as Record<string, unknown>;
  if (winlog.event_data) {
    const renamed: Record<string, string> = {};
    for (const k in d) renamed[k.replace(/ /g, '_')] = d[k];
    winlog.event_data = renamed;
  }
  const user = d.User ?? d['Detection User'];
  const parts = user?.split('\\');
  if (parts?.length === 2) {
    b.set('user.domain', parts[0]);
    b.set('user.name', parts[1]);
    b.related('user', parts[1]);
  }
  const path = d.FullFilePath ?? d.Path;
  if (path && path !== '-') b.set('file.name', path.slice(path.lastIndexOf('\\') + 1));
  if (d.FileHash && d.FileHash !== '-') b.set('file.hash.sha256', d.FileHash);
}
