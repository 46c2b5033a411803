// Windows Security events (4624, 4688, 5156) as Winlogbeat's Security module writes them.
import type { Doc } from '../eql/compiled.ts';
import { beatBase, iso, processFields, userFields } from './ecs.ts';
import type { Account, Host, Proc } from './fleet.ts';

const PROVIDER = 'Microsoft-Windows-Security-Auditing';
const PROVIDER_GUID = '{54849625-5478-4994-a5ba-3e3b0328c30d}';

function securityDoc(
  host: Host,
  ts: number,
  id: number,
  event: Doc,
  data: Record<string, string>,
  fields: Doc,
): Doc {
  const doc = beatBase(host, ts);
  doc.event = {
    code: String(id),
    provider: PROVIDER,
    kind: 'event',
    module: 'security',
    created: iso(ts + 400),
    ...event,
  };
  doc.winlog = {
    channel: 'Security',
    event_id: String(id),
    provider_name: PROVIDER,
    provider_guid: PROVIDER_GUID,
    computer_name: host.fqdn,
    api: 'wineventlog',
    keywords: ['Audit Success'],
    opcode: 'Info',
    process: { pid: host.core.lsass.pid, thread: { id: host.core.lsass.pid + 12 } },
    event_data: data,
  };
  return Object.assign(doc, fields);
}

const hex = (n: number) => `0x${n.toString(16)}`;

export function logon(
  host: Host,
  ts: number,
  user: Account,
  logonType: 2 | 3 | 10,
  sourceIp: string,
  logonId: number,
): Doc {
  const typeName = { 2: 'Interactive', 3: 'Network', 10: 'RemoteInteractive' }[logonType];
  const remote = logonType !== 2;
  const doc = securityDoc(
    host,
    ts,
    4624,
    {
      category: ['authentication'],
      type: ['start'],
      action: 'logged-in',
      outcome: 'success',
    },
    {
      SubjectUserSid: 'S-1-0-0',
      SubjectUserName: '-',
      SubjectDomainName: '-',
      SubjectLogonId: '0x0',
      TargetUserSid: user.sid,
      TargetUserName: user.name,
      TargetDomainName: user.domain,
      TargetLogonId: hex(logonId),
      LogonType: String(logonType),
      LogonProcessName: remote ? 'NtLmSsp ' : 'User32 ',
      AuthenticationPackageName: remote ? 'NTLM' : 'Negotiate',
      WorkstationName: remote ? '-' : host.name,
      ProcessId: remote ? '0x0' : hex(host.core.lsass.pid),
      ProcessName: remote ? '-' : host.core.lsass.executable,
      IpAddress: remote ? sourceIp : '127.0.0.1',
      IpPort: '0',
      ImpersonationLevel: '%%1833',
      ElevatedToken: '%%1842',
    },
    {
      user: userFields(user),
      source: { ip: remote ? sourceIp : '127.0.0.1', port: 0 },
      related: { user: [user.name], ip: [remote ? sourceIp : '127.0.0.1'] },
    },
  );
  (doc.winlog as Doc).logon = { type: typeName, id: hex(logonId) };
  return doc;
}

export function processCreation(host: Host, ts: number, p: Proc, logonId: number): Doc {
  const doc = securityDoc(
    host,
    ts,
    4688,
    { category: ['process'], type: ['start'], action: 'created-process', outcome: 'success' },
    {
      SubjectUserSid: p.user.sid,
      SubjectUserName: p.user.name,
      SubjectDomainName: p.user.domain,
      SubjectLogonId: hex(logonId),
      NewProcessId: hex(p.pid),
      NewProcessName: p.executable,
      TokenElevationType: '%%1936',
      ProcessId: hex(p.parent?.pid ?? 0),
      CommandLine: p.commandLine,
      TargetUserSid: 'S-1-0-0',
      TargetUserName: '-',
      TargetDomainName: '-',
      TargetLogonId: '0x0',
      ParentProcessName: p.parent?.executable ?? '',
      MandatoryLabel: 'S-1-16-12288',
    },
    {
      // 4688 carries no process guid; Winlogbeat fills what the event has.
      process: (() => {
        const fields = processFields(p);
        delete fields.entity_id;
        const parent = fields.parent as Doc | undefined;
        if (parent) {
          delete parent.entity_id;
          delete parent.command_line;
          delete parent.args;
          delete parent.args_count;
        }
        return fields;
      })(),
      user: userFields(p.user),
      related: { user: [p.user.name] },
    },
  );
  return doc;
}

/** A connection the Windows Filtering Platform let through (inbound: `remote` is the peer). */
export interface FirewallConnection {
  inbound: boolean;
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
}

export function connectionAllowed(host: Host, ts: number, p: Proc, c: FirewallConnection): Doc {
  // 5156 lists the local side as Source for inbound connections; ECS wants the peer as source.
  const app = p.pid === 4 ? 'System' : deviceName(p.executable);
  return securityDoc(
    host,
    ts,
    5156,
    {
      category: ['network'],
      type: ['connection', 'allowed', 'start'],
      action: 'windows-firewall-connection-allowed',
      outcome: 'success',
    },
    {
      ProcessID: String(p.pid),
      Application: app,
      Direction: c.inbound ? '%%14592' : '%%14593',
      SourceAddress: c.localIp,
      SourcePort: String(c.localPort),
      DestAddress: c.remoteIp,
      DestPort: String(c.remotePort),
      Protocol: '6',
      FilterRTID: '0',
      LayerName: c.inbound ? '%%14610' : '%%14611',
      LayerRTID: c.inbound ? '44' : '48',
      RemoteUserID: 'S-1-0-0',
      RemoteMachineID: 'S-1-0-0',
    },
    {
      process: { pid: p.pid, name: p.pid === 4 ? 'System' : p.name, executable: app },
      network: {
        direction: c.inbound ? 'ingress' : 'egress',
        transport: 'tcp',
        iana_number: '6',
        type: c.remoteIp.includes(':') ? 'ipv6' : 'ipv4',
      },
      source: c.inbound
        ? { ip: c.remoteIp, port: c.remotePort }
        : { ip: c.localIp, port: c.localPort },
      destination: c.inbound
        ? { ip: c.localIp, port: c.localPort }
        : { ip: c.remoteIp, port: c.remotePort },
      related: { ip: [c.remoteIp, c.localIp] },
    },
  );
}

function deviceName(path: string): string {
  return path.replace(/^C:/i, '\\device\\harddiskvolume2').toLowerCase();
}
