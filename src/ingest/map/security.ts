// Security log (Microsoft-Windows-Security-Auditing), after Winlogbeat's security module.
// 5156/5158 (Windows Filtering Platform) have no Winlogbeat mapping; see mapWfp.
import { present, toNumber } from '../values.ts';
import type { EcsBuilder } from './builder.ts';
import { mapping, type Mapping } from './mapping.ts';

const M = mapping;

export const SECURITY: Record<number, Mapping> = {
  4624: M(['authentication'], ['start'], 'logged-in', 'success'),
  4625: M(['authentication'], ['start'], 'logon-failed', 'failure'),
  4634: M(['authentication'], ['end'], 'logged-out', 'success'),
  4647: M(['authentication'], ['end'], 'logged-out', 'success'),
  4648: M(['authentication'], ['start'], 'logged-in-explicit', 'success'),
  4672: M(['iam'], ['admin'], 'logged-in-special', 'success'),
  4688: M(['process'], ['start'], 'created-process', 'success'),
  4689: M(['process'], ['end'], 'exited-process', 'success'),
  4697: M(['iam', 'configuration'], ['admin', 'change'], 'service-installed', 'success'),
  4698: M(['iam', 'configuration'], ['creation', 'admin'], 'scheduled-task-created', 'success'),
  4702: M(['iam', 'configuration'], ['change', 'admin'], 'scheduled-task-updated', 'success'),
  4720: M(['iam'], ['user', 'creation'], 'added-user-account', 'success'),
  4728: M(['iam'], ['group', 'change'], 'added-member-to-group', 'success'),
  4732: M(['iam'], ['group', 'change'], 'added-member-to-group', 'success'),
  4768: M(['authentication'], ['start'], 'kerberos-authentication-ticket-requested'),
  4769: M(['authentication'], ['start'], 'kerberos-service-ticket-requested'),
  4776: M(['authentication'], ['start'], 'credential-validated'),
  5140: M(['network', 'file'], ['info', 'access'], 'network-share-object-accessed', 'success'),
  5145: M(['network', 'file'], ['info', 'access'], 'network-share-object-access-checked'),
  5156: M(['network'], ['connection', 'start', 'allowed'], 'network-connection-allowed', 'success'),
  5158: M(['network'], ['start', 'allowed'], 'network-bind-allowed', 'success'),
};

const LOGON_TYPES: Record<string, string> = {
  '0': 'System',
  '2': 'Interactive',
  '3': 'Network',
  '4': 'Batch',
  '5': 'Service',
  '7': 'Unlock',
  '8': 'NetworkCleartext',
  '9': 'NewCredentials',
  '10': 'RemoteInteractive',
  '11': 'CachedInteractive',
  '12': 'CachedRemoteInteractive',
  '13': 'CachedUnlock',
};

function subjectUser(b: EcsBuilder): void {
  b.str('user.name', 'SubjectUserName');
  b.str('user.domain', 'SubjectDomainName');
  b.str('user.id', 'SubjectUserSid');
}

function targetUser(b: EcsBuilder): void {
  b.str('user.name', 'TargetUserName');
  b.str('user.domain', 'TargetDomainName');
  b.str('user.id', 'TargetUserSid');
}

function logon(b: EcsBuilder): void {
  const t = b.data.LogonType;
  if (present(t)) b.set('winlog.logon.type', LOGON_TYPES[t] ?? t);
  b.str('winlog.logon.id', 'TargetLogonId');
  if (b.data.FailureReason) b.str('winlog.logon.failure.reason', 'FailureReason');
  if (b.data.Status) b.str('winlog.logon.failure.status', 'Status');
  if (b.data.SubStatus) b.str('winlog.logon.failure.sub_status', 'SubStatus');
}

function sourceAddress(b: EcsBuilder): void {
  b.ip('source.ip', 'IpAddress');
  const port = toNumber(b.data.IpPort);
  if (port) b.set('source.port', port);
}

export function mapSecurity(b: EcsBuilder, id: number): void {
  const d = b.data;
  switch (id) {
    case 4624:
    case 4625:
      targetUser(b);
      logon(b);
      sourceAddress(b);
      b.str('source.domain', 'WorkstationName');
      b.num('process.pid', 'ProcessId');
      b.executable('process', 'ProcessName');
      return;
    case 4634:
    case 4647:
      targetUser(b);
      logon(b);
      return;
    case 4648:
      subjectUser(b);
      b.str('user.effective.name', 'TargetUserName');
      b.str('user.effective.domain', 'TargetDomainName');
      b.str('destination.domain', 'TargetServerName');
      sourceAddress(b);
      b.num('process.pid', 'ProcessId');
      b.executable('process', 'ProcessName');
      return;
    case 4672:
      subjectUser(b);
      b.str('winlog.logon.id', 'SubjectLogonId');
      return;
    case 4688:
      subjectUser(b);
      b.num('process.pid', 'NewProcessId');
      b.executable('process', 'NewProcessName');
      b.commandLine('process', 'CommandLine');
      b.num('process.parent.pid', 'ProcessId');
      b.executable('process.parent', 'ParentProcessName');
      b.str('winlog.logon.id', 'SubjectLogonId');
      return;
    case 4689:
      subjectUser(b);
      b.num('process.pid', 'ProcessId');
      b.executable('process', 'ProcessName');
      b.num('process.exit_code', 'Status');
      return;
    case 4697:
      subjectUser(b);
      b.str('service.name', 'ServiceName');
      b.str('service.type', 'ServiceType');
      b.filePath('file', 'ServiceFileName');
      return;
    case 4698:
    case 4702:
      subjectUser(b);
      return;
    case 4720:
      subjectUser(b);
      b.str('user.target.name', 'TargetUserName');
      b.str('user.target.domain', 'TargetDomainName');
      b.str('user.target.id', 'TargetSid');
      return;
    case 4728:
    case 4732:
      subjectUser(b);
      b.str('group.name', 'TargetUserName');
      b.str('group.domain', 'TargetDomainName');
      b.str('group.id', 'TargetSid');
      b.str('user.target.id', 'MemberSid');
      b.str('user.target.name', 'MemberName');
      return;
    case 4768:
    case 4769:
      targetUser(b);
      sourceAddress(b);
      b.str('service.name', 'ServiceName');
      if (present(d.Status)) b.set('event.outcome', d.Status === '0x0' ? 'success' : 'failure');
      return;
    case 4776:
      b.str('user.name', 'TargetUserName');
      b.str('source.domain', 'Workstation');
      if (present(d.Status)) b.set('event.outcome', d.Status === '0x0' ? 'success' : 'failure');
      return;
    case 5140:
    case 5145:
      subjectUser(b);
      sourceAddress(b);
      b.str('file.share.name', 'ShareName');
      if (present(d.RelativeTargetName)) b.str('file.path', 'RelativeTargetName');
      return;
    case 5156:
    case 5158:
      return mapWfp(b, id);
  }
}

const TRANSPORTS: Record<string, string> = {
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'ipv6-icmp',
};

// Windows Filtering Platform 5156 (connection permitted) / 5158 (bind permitted).
// Direction `%%14592` is inbound, `%%14593` outbound. For inbound connections Windows is not
// consistent about which side it calls Source: the real recordings here have both
// (OTRF: Source = the remote peer, DestPort = 5985; EVTX-ATTACK-SAMPLES: SourcePort = 445 or
// 3389, i.e. Source = this host). The listening side of an accepted connection has the lower
// port, so for inbound events the side with the lower port becomes `destination` and the
// other `source`: `source.ip` is the remote peer and `destination.port` the local service.
export function mapWfp(b: EcsBuilder, id: number): void {
  const d = b.data;
  const pid = toNumber(d.ProcessID ?? d.ProcessId);
  if (pid !== undefined) b.set('process.pid', pid);
  const app = d.Application;
  if (present(app)) {
    b.executable('process', 'Application');
    if (app === 'System' && pid === undefined) b.set('process.pid', 4);
  }
  const proto = d.Protocol;
  if (present(proto)) {
    b.set('network.transport', TRANSPORTS[proto] ?? proto);
    b.set('network.iana_number', proto);
  }
  if (id === 5158) {
    b.ip('source.ip', 'SourceAddress');
    b.num('source.port', 'SourcePort');
    return;
  }
  const dir = d.Direction;
  const inbound = dir === '%%14592' || dir === 'Inbound';
  const outbound = dir === '%%14593' || dir === 'Outbound';
  if (inbound) b.set('network.direction', 'ingress');
  else if (outbound) b.set('network.direction', 'egress');
  const sp = toNumber(d.SourcePort);
  const dp = toNumber(d.DestPort);
  const swap = inbound && sp !== undefined && dp !== undefined && sp < dp;
  b.ip(swap ? 'destination.ip' : 'source.ip', 'SourceAddress');
  b.ip(swap ? 'source.ip' : 'destination.ip', 'DestAddress');
  if (sp !== undefined) b.set(swap ? 'destination.port' : 'source.port', sp);
  if (dp !== undefined) b.set(swap ? 'source.port' : 'destination.port', dp);
  const addr = d.SourceAddress ?? '';
  if (addr) b.set('network.type', addr.includes(':') ? 'ipv6' : 'ipv4');
}
