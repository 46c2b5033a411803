// Sysmon events (1, 3, 5, 7, 10, 11, 13, 22) as Winlogbeat's Sysmon module writes them.
import type { Doc } from '../eql/compiled.ts';
import { baseName, beatBase, iso, processFields, sysmonTime, userFields } from './ecs.ts';
import { SYSTEM, type Host, type Proc } from './fleet.ts';

const CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
const PROVIDER = 'Microsoft-Windows-Sysmon';
const PROVIDER_GUID = '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}';

interface SysmonEvent {
  id: number;
  action: string;
  category: string[];
  type: string[];
  data: Record<string, string>;
  fields: Doc;
}

function sysmonDoc(host: Host, ts: number, e: SysmonEvent): Doc {
  const doc = beatBase(host, ts);
  doc.event = {
    code: String(e.id),
    provider: PROVIDER,
    kind: 'event',
    module: 'sysmon',
    category: e.category,
    type: e.type,
    action: e.action,
    created: iso(ts + 700),
  };
  doc.winlog = {
    channel: CHANNEL,
    event_id: String(e.id),
    provider_name: PROVIDER,
    provider_guid: PROVIDER_GUID,
    computer_name: host.fqdn,
    api: 'wineventlog',
    opcode: 'Info',
    version: e.id === 1 ? 5 : e.id === 3 ? 5 : 2,
    process: { pid: 2816, thread: { id: 3944 } },
    user: { identifier: SYSTEM.sid, name: SYSTEM.name, domain: SYSTEM.domain, type: 'User' },
    event_data: { RuleName: '-', UtcTime: sysmonTime(ts), ...e.data },
  };
  return Object.assign(doc, e.fields);
}

function userString(p: Proc): string {
  return `${p.user.domain}\\${p.user.name}`;
}

const hashOf = (p: Proc) => {
  // Stable per executable so the same binary always has the same hash, as in real fleets.
  let h = 0x811c9dc5;
  for (let i = 0; i < p.executable.length; i++) {
    h ^= p.executable.toLowerCase().charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const part = (h >>> 0).toString(16).padStart(8, '0');
  return part.repeat(8);
};

export function processCreate(host: Host, ts: number, p: Proc): Doc {
  const parent = p.parent;
  return sysmonDoc(host, ts, {
    id: 1,
    action: 'Process Create (rule: ProcessCreate)',
    category: ['process'],
    type: ['start'],
    data: {
      ProcessGuid: `{${p.guid}}`,
      ProcessId: String(p.pid),
      Image: p.executable,
      CommandLine: p.commandLine,
      CurrentDirectory: 'C:\\Windows\\system32\\',
      User: userString(p),
      IntegrityLevel: p.user.domain === 'NT AUTHORITY' ? 'System' : 'Medium',
      Hashes: `SHA256=${hashOf(p).toUpperCase()}`,
      ParentProcessGuid: parent ? `{${parent.guid}}` : '-',
      ParentProcessId: parent ? String(parent.pid) : '-',
      ParentImage: parent?.executable ?? '-',
      ParentCommandLine: parent?.commandLine ?? '-',
      ParentUser: parent ? userString(parent) : '-',
    },
    fields: {
      process: {
        ...processFields(p),
        working_directory: 'C:\\Windows\\system32\\',
        hash: { sha256: hashOf(p) },
      },
      user: userFields(p.user),
      related: { user: [p.user.name], hash: [hashOf(p)] },
    },
  });
}

export function processTerminate(host: Host, ts: number, p: Proc): Doc {
  return sysmonDoc(host, ts, {
    id: 5,
    action: 'Process terminated (rule: ProcessTerminate)',
    category: ['process'],
    type: ['end'],
    data: {
      ProcessGuid: `{${p.guid}}`,
      ProcessId: String(p.pid),
      Image: p.executable,
      User: userString(p),
    },
    fields: { process: processFields(p, false), user: userFields(p.user) },
  });
}

export interface Connection {
  /** The remote side for inbound, the local side for outbound: Sysmon's "Source". */
  sourceIp: string;
  sourcePort: number;
  destinationIp: string;
  destinationPort: number;
  /** Sysmon's Initiated: true when this host opened the connection. */
  initiated: boolean;
  /** Port service name Sysmon resolved ('-' when none); Winlogbeat turns it into network.protocol. */
  portName?: string;
}

export function networkConnect(host: Host, ts: number, p: Proc, c: Connection): Doc {
  const ipv6 = c.sourceIp.includes(':');
  const portName = c.portName ?? '-';
  const network: Doc = {
    transport: 'tcp',
    type: ipv6 ? 'ipv6' : 'ipv4',
    direction: c.initiated ? 'egress' : 'ingress',
  };
  if (portName !== '-') network.protocol = portName;
  return sysmonDoc(host, ts, {
    id: 3,
    action: 'Network connection detected (rule: NetworkConnect)',
    category: ['network'],
    type: ['connection', 'start'],
    data: {
      ProcessGuid: `{${p.guid}}`,
      ProcessId: String(p.pid),
      Image: p.executable,
      User: userString(p),
      Protocol: 'tcp',
      Initiated: String(c.initiated),
      SourceIsIpv6: String(ipv6),
      SourceIp: c.sourceIp,
      SourceHostname: '-',
      SourcePort: String(c.sourcePort),
      SourcePortName: '-',
      DestinationIsIpv6: String(ipv6),
      DestinationIp: c.destinationIp,
      DestinationHostname: '-',
      DestinationPort: String(c.destinationPort),
      DestinationPortName: portName,
    },
    fields: {
      process: { entity_id: p.guid, pid: p.pid, executable: p.executable, name: p.name },
      user: userFields(p.user),
      network,
      source: { ip: c.sourceIp, port: c.sourcePort },
      destination: { ip: c.destinationIp, port: c.destinationPort },
      related: { ip: [c.sourceIp, c.destinationIp], user: [p.user.name] },
    },
  });
}

export function imageLoad(host: Host, ts: number, p: Proc, dll: string): Doc {
  return sysmonDoc(host, ts, {
    id: 7,
    action: 'Image loaded (rule: ImageLoad)',
    category: ['process'],
    type: ['change'],
    data: {
      ProcessGuid: `{${p.guid}}`,
      ProcessId: String(p.pid),
      Image: p.executable,
      ImageLoaded: dll,
      Signed: 'true',
      Signature: 'Microsoft Windows',
      SignatureStatus: 'Valid',
      User: userString(p),
    },
    fields: {
      process: { entity_id: p.guid, pid: p.pid, executable: p.executable, name: p.name },
      file: {
        path: dll,
        name: baseName(dll),
        code_signature: { signed: true, subject_name: 'Microsoft Windows', status: 'Valid' },
      },
      dll: { path: dll, name: baseName(dll) },
      user: userFields(p.user),
    },
  });
}

export function processAccess(host: Host, ts: number, p: Proc, target: Proc, access: string): Doc {
  return sysmonDoc(host, ts, {
    id: 10,
    action: 'Process accessed (rule: ProcessAccess)',
    category: ['process'],
    type: ['access'],
    data: {
      SourceProcessGUID: `{${p.guid}}`,
      SourceProcessId: String(p.pid),
      SourceThreadId: String(p.pid + 4),
      SourceImage: p.executable,
      TargetProcessGUID: `{${target.guid}}`,
      TargetProcessId: String(target.pid),
      TargetImage: target.executable,
      GrantedAccess: access,
      CallTrace:
        'C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e',
      SourceUser: userString(p),
      TargetUser: userString(target),
    },
    fields: {
      process: { entity_id: p.guid, pid: p.pid, executable: p.executable, name: p.name },
      user: userFields(p.user),
    },
  });
}

export function fileCreate(host: Host, ts: number, p: Proc, path: string): Doc {
  const name = baseName(path);
  const dot = name.lastIndexOf('.');
  return sysmonDoc(host, ts, {
    id: 11,
    action: 'File created (rule: FileCreate)',
    category: ['file'],
    type: ['creation'],
    data: {
      ProcessGuid: `{${p.guid}}`,
      ProcessId: String(p.pid),
      Image: p.executable,
      TargetFilename: path,
      CreationUtcTime: sysmonTime(ts),
      User: userString(p),
    },
    fields: {
      process: { entity_id: p.guid, pid: p.pid, executable: p.executable, name: p.name },
      file: {
        path,
        name,
        directory: path.slice(0, path.lastIndexOf('\\')),
        ...(dot > 0 ? { extension: name.slice(dot + 1).toLowerCase() } : {}),
      },
      user: userFields(p.user),
    },
  });
}

export function registrySet(host: Host, ts: number, p: Proc, key: string, value: string): Doc {
  // Sysmon writes HKLM\… / HKU\…; ECS splits hive, key and value.
  const [hive, ...rest] = key.split('\\');
  const path = `${key}\\${value}`;
  return sysmonDoc(host, ts, {
    id: 13,
    action: 'Registry value set (rule: RegistryEvent)',
    category: ['configuration', 'registry'],
    type: ['change'],
    data: {
      EventType: 'SetValue',
      ProcessGuid: `{${p.guid}}`,
      ProcessId: String(p.pid),
      Image: p.executable,
      TargetObject: path,
      Details: 'DWORD (0x00000001)',
      User: userString(p),
    },
    fields: {
      process: { entity_id: p.guid, pid: p.pid, executable: p.executable, name: p.name },
      registry: {
        hive,
        key: rest.join('\\'),
        path,
        value,
        data: { type: 'SZ_DWORD', strings: ['1'] },
      },
      user: userFields(p.user),
    },
  });
}

export function dnsQuery(host: Host, ts: number, p: Proc, name: string, answer: string): Doc {
  const labels = name.split('.');
  return sysmonDoc(host, ts, {
    id: 22,
    action: 'Dns query (rule: DnsQuery)',
    category: ['network'],
    type: ['connection', 'protocol', 'info'],
    data: {
      ProcessGuid: `{${p.guid}}`,
      ProcessId: String(p.pid),
      QueryName: name,
      QueryStatus: '0',
      QueryResults: `::ffff:${answer};`,
      Image: p.executable,
      User: userString(p),
    },
    fields: {
      process: { entity_id: p.guid, pid: p.pid, executable: p.executable, name: p.name },
      network: { protocol: 'dns' },
      dns: {
        question: { name, registered_domain: labels.slice(-2).join('.') },
        answers: [{ type: 'A', data: answer }],
        resolved_ip: [answer],
      },
      user: userFields(p.user),
    },
  });
}
