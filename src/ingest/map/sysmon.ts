// Sysmon (Microsoft-Windows-Sysmon/Operational) as Winlogbeat's sysmon pipeline maps it.
import { present, toBool, toNumber } from '../values.ts';
import { splitPath, type EcsBuilder } from './builder.ts';
import { communityId } from './community-id.ts';
import type { Mapping } from './mapping.ts';
import { registeredDomain } from './registered-domain.ts';

const C = (category: string[], type: string[], action: string): Mapping => ({
  category,
  type,
  action,
});

export const SYSMON: Record<number, Mapping> = {
  1: C(['process'], ['start'], 'Process creation'),
  2: C(['file'], ['change'], 'A process changed a file creation time'),
  3: C(['network'], ['start', 'connection', 'protocol'], 'Network connection'),
  4: C(['process'], ['change'], 'Sysmon service state changed'),
  5: C(['process'], ['end'], 'Process terminated'),
  6: C(['driver'], ['start'], 'Driver loaded'),
  7: C(['process'], ['change'], 'Image loaded'),
  8: C(['process'], ['change'], 'CreateRemoteThread'),
  9: C(['process'], ['access'], 'RawAccessRead'),
  10: C(['process'], ['access'], 'ProcessAccess'),
  11: C(['file'], ['creation'], 'FileCreate'),
  12: C(['configuration', 'registry'], ['change'], 'RegistryEvent (Object create and delete)'),
  13: C(['configuration', 'registry'], ['change'], 'RegistryEvent (Value Set)'),
  14: C(['configuration', 'registry'], ['change'], 'RegistryEvent (Key and Value Rename)'),
  15: C(['file'], ['access'], 'FileCreateStreamHash'),
  16: C(['configuration'], ['change'], 'ServiceConfigurationChange'),
  17: C(['file'], ['creation'], 'PipeEvent (Pipe Created)'),
  18: C(['file'], ['access'], 'PipeEvent (Pipe Connected)'),
  19: C(['process'], ['info'], 'WmiEvent (WmiEventFilter activity detected)'),
  20: C(['process'], ['change'], 'WmiEvent (WmiEventConsumer activity detected)'),
  21: C(['process'], ['access'], 'WmiEvent (WmiEventConsumerToFilter activity detected)'),
  22: C(['network'], ['connection', 'protocol', 'info'], 'DNSEvent (DNS query)'),
  23: C(['file'], ['deletion'], 'FileDelete (File Delete archived)'),
  24: C([], ['change'], 'ClipboardChange (New content in the clipboard)'),
  25: C(['process'], ['change'], 'ProcessTampering (Process image change)'),
  26: C(['file'], ['deletion'], 'FileDeleteDetected (File Delete logged)'),
  27: C(['file'], ['creation'], 'FileBlockExecutable'),
  28: C(['file'], ['deletion'], 'FileBlockShredding'),
  29: C(['file'], ['creation'], 'FileExecutableDetected'),
};

const PROCESS_HASH = new Set([1, 23, 24, 25, 26]);
const FILE_HASH = new Set([6, 7, 15, 26, 29]);

type FieldMapper = (b: EcsBuilder, v: string, id: number) => void;

// Paths split once here, not looked up by name for every event.
const set = (path: string): FieldMapper => {
  const parts = splitPath(path);
  return (b, v) => b.put(parts, v);
};
const num = (path: string): FieldMapper => {
  const parts = splitPath(path);
  return (b, v) => b.put(parts, toNumber(v));
};
// Image-load events (7) describe the loaded file; all others the process.
const pe = (field: string): FieldMapper => {
  const onFile = splitPath(`file.pe.${field}`);
  const onProcess = splitPath(`process.pe.${field}`);
  return (b, v, id) => b.put(id === 7 ? onFile : onProcess, v);
};

// EventData name → what it maps to. Mapping walks the event's own fields once, so an event
// pays only for the fields it has (Winlogbeat's sysmon pipeline, field by field).
const FIELDS: Record<string, FieldMapper> = {
  __proto__: null as unknown as FieldMapper,
  RuleName: set('rule.name'),
  ProcessGuid: set('process.entity_id'),
  ProcessId: num('process.pid'),
  Image: (b, v) => b.executableValue('process', v),
  SourceProcessGuid: set('process.entity_id'),
  SourceProcessGUID: set('process.entity_id'),
  SourceProcessId: num('process.pid'),
  SourceThreadId: num('process.thread.id'),
  SourceImage: (b, v) => b.executableValue('process', v),
  Destination: (b, v, id) => {
    if (id === 20) b.executableValue('process', v);
  },
  CommandLine: (b, v) => b.commandLineValue('process', v),
  CurrentDirectory: set('process.working_directory'),
  ParentProcessGuid: set('process.parent.entity_id'),
  ParentProcessId: num('process.parent.pid'),
  ParentImage: (b, v) => b.executableValue('process.parent', v),
  ParentCommandLine: (b, v) => b.commandLineValue('process.parent', v),
  OriginalFileName: pe('original_file_name'),
  Company: pe('company'),
  Description: pe('description'),
  FileVersion: pe('file_version'),
  Product: pe('product'),
  Hashes: hashes,
  Hash: hashes,
  TargetFilename: (b, v) => b.filePathValue('file', v),
  Device: (b, v) => b.filePathValue('file', v),
  ImageLoaded: (b, v) => b.filePathValue('file', v),
  PipeName: set('file.name'),
  Signature: set('file.code_signature.subject_name'),
  SignatureStatus: (b, v) => {
    b.set('file.code_signature.status', v);
    if (v === 'Valid') b.set('file.code_signature.valid', true);
  },
  Signed: (b, v) => b.set('file.code_signature.signed', toBool(v)),
  Protocol: set('network.transport'),
  // Winlogbeat renames DestinationPortName first, then SourcePortName over it.
  DestinationPortName: (b, v, id) => {
    if (id !== 22 && !b.has('network.protocol')) b.set('network.protocol', v);
  },
  SourcePortName: (b, v, id) => {
    if (id !== 22) b.set('network.protocol', v);
  },
  SourceIp: (b, v) => b.ipValue('source.ip', v),
  SourceHostname: set('source.domain'),
  SourcePort: num('source.port'),
  DestinationIp: (b, v) => b.ipValue('destination.ip', v),
  DestinationHostname: set('destination.domain'),
  DestinationPort: num('destination.port'),
  Initiated: (b, v) => {
    const i = toBool(v);
    if (i !== undefined) b.set('network.direction', i ? 'egress' : 'ingress');
  },
  SourceIsIpv6: (b, v) => {
    const i = toBool(v);
    if (i !== undefined) b.set('network.type', i ? 'ipv6' : 'ipv4');
  },
  QueryName: (b, v, id) => {
    if (id !== 22) return;
    b.set('dns.question.name', v);
    const parts = registeredDomain(v);
    if (parts) {
      b.set('dns.question.registered_domain', parts.registered_domain);
      b.set('dns.question.top_level_domain', parts.top_level_domain);
      b.set('dns.question.subdomain', parts.subdomain);
    }
  },
  QueryResults: (b, v, id) => {
    if (id === 22) dnsAnswers(b, v);
  },
  QueryStatus: (b, v, id) => {
    if (id === 22) b.set('sysmon.dns.status', DNS_STATUS[v] ?? v);
  },
  // Only a `DOMAIN\name` account: Winlogbeat leaves other forms out of user.*.
  User: (b, v) => {
    const i = v.indexOf('\\');
    if (i >= 0 && v.indexOf('\\', i + 1) < 0) b.accountValue('user', v);
  },
  Archived: (b, v) => b.set('sysmon.file.archived', toBool(v)),
  IsExecutable: (b, v) => b.set('sysmon.file.is_executable', toBool(v)),
  // ProcessTampering (25) names the kind of tampering here; Winlogbeat makes it the message.
  Type: (b, v, id) => {
    if (id === 25) b.doc.message = v;
  },
  TargetObject: (b, _v, id) => {
    if (id >= 12 && id <= 14) registry(b);
  },
};

// DNS query status codes (Win32 / DNS_ERROR_*) of Sysmon 22 → sysmon.dns.status; other codes
// stay as the number, as in Winlogbeat.
const DNS_STATUS: Record<string, string> = {
  '0': 'SUCCESS',
  '5': 'ERROR_ACCESS_DENIED',
  '8': 'ERROR_NOT_ENOUGH_MEMORY',
  '13': 'ERROR_INVALID_DATA',
  '14': 'ERROR_OUTOFMEMORY',
  '123': 'ERROR_INVALID_NAME',
  '1214': 'ERROR_INVALID_NETNAME',
  '1223': 'ERROR_CANCELLED',
  '1460': 'ERROR_TIMEOUT',
  '4312': 'ERROR_OBJECT_NOT_FOUND',
  '9001': 'DNS_ERROR_RCODE_FORMAT_ERROR',
  '9002': 'DNS_ERROR_RCODE_SERVER_FAILURE',
  '9003': 'DNS_ERROR_RCODE_NAME_ERROR',
  '9004': 'DNS_ERROR_RCODE_NOT_IMPLEMENTED',
  '9005': 'DNS_ERROR_RCODE_REFUSED',
  '9006': 'DNS_ERROR_RCODE_YXDOMAIN',
  '9007': 'DNS_ERROR_RCODE_YXRRSET',
  '9008': 'DNS_ERROR_RCODE_NXRRSET',
  '9009': 'DNS_ERROR_RCODE_NOTAUTH',
  '9010': 'DNS_ERROR_RCODE_NOTZONE',
  '9016': 'DNS_ERROR_RCODE_BADSIG',
  '9017': 'DNS_ERROR_RCODE_BADKEY',
  '9018': 'DNS_ERROR_RCODE_BADTIME',
  '9501': 'DNS_INFO_NO_RECORDS',
  '9502': 'DNS_ERROR_BAD_PACKET',
  '9503': 'DNS_ERROR_NO_PACKET',
  '9504': 'DNS_ERROR_RCODE',
  '9505': 'DNS_ERROR_UNSECURE_PACKET',
  '9506': 'DNS_REQUEST_PENDING',
  '9560': 'DNS_ERROR_INVALID_NAME_CHAR',
  '9561': 'DNS_ERROR_NUMERIC_NAME',
  '9701': 'DNS_ERROR_RECORD_DOES_NOT_EXIST',
  '9851': 'DNS_ERROR_NO_TCPIP',
  '9852': 'DNS_ERROR_NO_DNS_SERVERS',
};

// DNS record type numbers in QueryResults (`type:  5 cname.example;`) → dns.answers[].type.
const DNS_TYPES: Record<string, string> = {
  '1': 'A',
  '2': 'NS',
  '5': 'CNAME',
  '6': 'SOA',
  '12': 'PTR',
  '13': 'HINFO',
  '15': 'MX',
  '16': 'TXT',
  '28': 'AAAA',
  '33': 'SRV',
  '35': 'NAPTR',
  '39': 'DNAME',
  '41': 'OPT',
  '43': 'DS',
  '46': 'RRSIG',
  '47': 'NSEC',
  '48': 'DNSKEY',
  '65': 'HTTPS',
  '255': 'ANY',
};

function hashes(b: EcsBuilder, v: string, id: number): void {
  const target = PROCESS_HASH.has(id) ? 'process' : FILE_HASH.has(id) ? 'file' : '';
  const h = parseHashes(v);
  if (!h) return;
  for (const k in h) {
    b.related('hash', h[k]);
    if (!target) continue;
    if (k === 'imphash') b.setIn(target === 'file' ? 'file.pe' : 'process.pe', 'imphash', h[k]);
    else b.setIn(target === 'file' ? 'file.hash' : 'process.hash', k, h[k]);
  }
}

export function mapSysmon(b: EcsBuilder, id: number): void {
  const d = b.data;
  if (id === 27 || id === 255) b.set('event.outcome', 'failure');
  if (id === 22) b.set('network.protocol', 'dns');
  for (const k in d) {
    const v = d[k];
    if (!present(v)) continue;
    const f = FIELDS[k];
    if (f !== undefined) f(b, v, id);
  }
  // The System process has no Sysmon ProcessId in some exports; on Windows it is always PID 4.
  if (d.Image === 'System' && !b.has('process.pid')) b.set('process.pid', 4);
  if (id === 3) flowId(b);
  related(b);
}

function flowId(b: EcsBuilder): void {
  const doc = b.doc as Record<string, Record<string, unknown> | undefined>;
  const src = doc.source;
  const dst = doc.destination;
  const transport = doc.network?.transport;
  if (!src || !dst || typeof transport !== 'string') return;
  // A damaged record may lack an address or a port: no flow to name then.
  if (typeof src.ip !== 'string' || typeof dst.ip !== 'string') return;
  if (typeof src.port !== 'number' || typeof dst.port !== 'number') return;
  const id = communityId(
    src.ip as string,
    src.port as number,
    dst.ip as string,
    dst.port as number,
    transport,
  );
  if (id) b.set('network.community_id', id);
}

// related.* as the sysmon pipeline fills them: the DNS names and addresses, the user, and
// both ends of a connection (the hashes were added with them).
function related(b: EcsBuilder): void {
  const doc = b.doc as Record<string, Record<string, unknown> | undefined>;
  const question = (doc.dns?.question as Record<string, unknown> | undefined)?.name;
  if (typeof question === 'string') b.related('hosts', question);
  const resolved = doc.dns?.resolved_ip;
  if (Array.isArray(resolved)) for (const ip of resolved) b.related('ip', ip as string);
  const name = doc.user?.name;
  if (typeof name === 'string') b.related('user', name);
  for (const side of ['source', 'destination']) {
    const ip = doc[side]?.ip;
    if (typeof ip === 'string') b.related('ip', ip);
  }
}

// The same binaries load over and over: their Hashes strings repeat.
const hashCache = new Map<string, Record<string, string> | null>();

function parseHashes(v: string | undefined): Record<string, string> | null {
  if (!v || v === '-') return null;
  let hit = hashCache.get(v);
  if (hit === undefined) {
    hit = splitHashes(v);
    if (hashCache.size > 2048) hashCache.clear();
    hashCache.set(v, hit);
  }
  return hit;
}

function splitHashes(v: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const part of v.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const value = part.slice(eq + 1).toLowerCase();
    if (/^0*$/.test(value)) continue;
    out[part.slice(0, eq).trim().toLowerCase()] = value;
  }
  return Object.keys(out).length ? out : null;
}

// `type:  5 cname.example;::ffff:1.2.3.4;` → dns.answers (records, then one A/AAAA per
// address), dns.resolved_ip and, for named records, related.hosts.
function dnsAnswers(b: EcsBuilder, results: string | undefined): void {
  if (!results || results === '-') return;
  const ips: string[] = [];
  const answers: Array<Record<string, string>> = [];
  for (const r of results.split(';')) {
    if (!r) continue;
    if (r.startsWith('type:')) {
      const parts = r.trim().split(/\s+/);
      const answer: Record<string, string> = { type: DNS_TYPES[parts[1]] ?? parts[1] };
      if (parts[2]) {
        answer.data = parts[2];
        b.related('hosts', parts[2]);
      }
      answers.push(answer);
    } else ips.push(r.startsWith('::ffff:') ? r.slice(7) : r);
  }
  for (const ip of ips) answers.push({ type: ip.includes(':') ? 'AAAA' : 'A', data: ip });
  if (answers.length) b.set('dns.answers', answers);
  if (ips.length) b.set('dns.resolved_ip', ips);
}

// The first key of a registry path → registry.hive, short or long form.
const HIVES: Record<string, string> = {
  __proto__: null as unknown as string,
  HKEY_CLASSES_ROOT: 'HKCR',
  HKCR: 'HKCR',
  HKEY_CURRENT_CONFIG: 'HKCC',
  HKCC: 'HKCC',
  HKEY_CURRENT_USER: 'HKCU',
  HKCU: 'HKCU',
  HKEY_DYN_DATA: 'HKDD',
  HKDD: 'HKDD',
  HKEY_LOCAL_MACHINE: 'HKLM',
  HKLM: 'HKLM',
  HKEY_PERFORMANCE_DATA: 'HKPD',
  HKPD: 'HKPD',
  HKEY_USERS: 'HKU',
  HKU: 'HKU',
};

const DWORD = /^DWORD \((0x[0-9a-f]{8})\)$/i;
const QWORD = /^QWORD \((0x[0-9a-f]{8})-(0x[0-9a-f]{8})\)$/i;

// registry.* as Winlogbeat 8 writes it: `key` is the path after the hive (value name
// included), DWORD/QWORD data as decimal text ("4", not "DWORD (0x00000004)").
function registry(b: EcsBuilder): void {
  const path = b.data.TargetObject;
  if (!path || path === '-') return;
  b.set('registry.path', path);
  const first = path.indexOf('\\');
  const hive = HIVES[first < 0 ? path : path.slice(0, first)];
  if (hive) {
    b.set('registry.hive', hive);
    if (first >= 0) b.set('registry.key', path.slice(first + 1));
  }
  b.set('registry.value', path.slice(path.lastIndexOf('\\') + 1));
  const details = b.data.Details;
  if (!details || details === '-') return;
  const c = details.charCodeAt(0);
  const dword = c === 68 ? DWORD.exec(details) : null; // 'D'
  const qword = c === 81 ? QWORD.exec(details) : null; // 'Q'
  if (dword) {
    b.set('registry.data.strings', [String(parseInt(dword[1], 16))]);
    b.set('registry.data.type', 'SZ_DWORD');
  } else if (qword) {
    const n = (BigInt(qword[1]) << 32n) + BigInt(qword[2]);
    b.set('registry.data.strings', [n.toString()]);
    b.set('registry.data.type', 'SZ_QWORD');
  } else {
    b.set('registry.data.strings', [details]);
    b.set('registry.data.type', details === 'Binary Data' ? 'REG_BINARY' : 'SZ');
  }
}
