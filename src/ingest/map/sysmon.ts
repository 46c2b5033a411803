// Sysmon (Microsoft-Windows-Sysmon/Operational) as Winlogbeat's sysmon pipeline maps it.
import { toNumber } from '../values.ts';
import type { EcsBuilder } from './builder.ts';
import type { Mapping } from './mapping.ts';

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

export function mapSysmon(b: EcsBuilder, id: number): void {
  const d = b.data;
  if (id === 27 || id === 255) b.set('event.outcome', 'failure');
  b.str('rule.name', 'RuleName');

  // Process: the acting process, or the source process of 8/10.
  b.str('process.entity_id', 'ProcessGuid');
  b.num('process.pid', 'ProcessId');
  b.executable('process', 'Image');
  b.str('process.entity_id', 'SourceProcessGuid');
  b.str('process.entity_id', 'SourceProcessGUID');
  b.num('process.pid', 'SourceProcessId');
  b.num('process.thread.id', 'SourceThreadId');
  b.executable('process', 'SourceImage');
  if (id === 20) b.executable('process', 'Destination');
  b.commandLine('process', 'CommandLine');
  b.str('process.working_directory', 'CurrentDirectory');
  b.str('process.parent.entity_id', 'ParentProcessGuid');
  b.num('process.parent.pid', 'ParentProcessId');
  b.executable('process.parent', 'ParentImage');
  b.commandLine('process.parent', 'ParentCommandLine');
  // The System process has no Sysmon ProcessId in some exports; on Windows it is always PID 4.
  if (d.Image === 'System' && toNumber(d.ProcessId) === undefined) b.set('process.pid', 4);
  if (id !== 7) {
    b.str('process.pe.original_file_name', 'OriginalFileName');
    b.str('process.pe.company', 'Company');
    b.str('process.pe.description', 'Description');
    b.str('process.pe.file_version', 'FileVersion');
    b.str('process.pe.product', 'Product');
  }

  const hashes = parseHashes(d.Hashes ?? d.Hash);
  if (hashes) {
    const target = PROCESS_HASH.has(id) ? 'process' : FILE_HASH.has(id) ? 'file' : '';
    if (target) {
      for (const [k, v] of Object.entries(hashes)) {
        if (k === 'imphash') b.set(`${target}.pe.imphash`, v);
        else b.set(`${target}.hash.${k}`, v);
      }
    }
  }

  // File
  b.filePath('file', 'TargetFilename');
  b.filePath('file', 'Device');
  b.filePath('file', 'ImageLoaded');
  b.str('file.name', 'PipeName');
  b.str('file.code_signature.subject_name', 'Signature');
  b.str('file.code_signature.status', 'SignatureStatus');
  if (b.data.Signed !== undefined) b.bool('file.code_signature.signed', 'Signed');
  if (d.SignatureStatus === 'Valid') b.set('file.code_signature.valid', true);
  if (id === 7) {
    b.str('file.pe.original_file_name', 'OriginalFileName');
    b.str('file.pe.company', 'Company');
    b.str('file.pe.description', 'Description');
    b.str('file.pe.file_version', 'FileVersion');
    b.str('file.pe.product', 'Product');
  }

  // Network
  b.str('network.transport', 'Protocol');
  if (id === 22) b.set('network.protocol', 'dns');
  else {
    b.str('network.protocol', 'SourcePortName');
    b.str('network.protocol', 'DestinationPortName');
  }
  b.ip('source.ip', 'SourceIp');
  b.str('source.domain', 'SourceHostname');
  b.num('source.port', 'SourcePort');
  b.ip('destination.ip', 'DestinationIp');
  b.str('destination.domain', 'DestinationHostname');
  b.num('destination.port', 'DestinationPort');
  const initiated = d.Initiated?.toLowerCase();
  if (initiated === 'true') b.set('network.direction', 'egress');
  else if (initiated === 'false') b.set('network.direction', 'ingress');
  const v6 = d.SourceIsIpv6?.toLowerCase();
  if (v6 === 'true') b.set('network.type', 'ipv6');
  else if (v6 === 'false') b.set('network.type', 'ipv4');
  if (id === 22) {
    b.str('dns.question.name', 'QueryName');
    dnsAnswers(b, d.QueryResults);
  }

  // User
  b.account('user', 'User');

  // Registry
  if (id >= 12 && id <= 14) registry(b);
}

function parseHashes(v: string | undefined): Record<string, string> | null {
  if (!v || v === '-') return null;
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

function dnsAnswers(b: EcsBuilder, results: string | undefined): void {
  if (!results || results === '-') return;
  const ips: string[] = [];
  for (const r of results.split(';')) {
    if (!r || r.startsWith('type:')) continue;
    ips.push(r.startsWith('::ffff:') ? r.slice(7) : r);
  }
  if (ips.length) b.set('dns.resolved_ip', ips);
}

const HIVES: Array<[string, string]> = [
  ['HKLM\\', 'HKLM'],
  ['HKU\\', 'HKU'],
  ['HKCR\\', 'HKCR'],
  ['HKCU\\', 'HKCU'],
  ['HKCC\\', 'HKCC'],
];

function registry(b: EcsBuilder): void {
  const path = b.data.TargetObject;
  if (!path || path === '-') return;
  b.set('registry.path', path);
  const hive = HIVES.find(([p]) => path.toUpperCase().startsWith(p));
  const rest = hive ? path.slice(hive[0].length) : path;
  if (hive) b.set('registry.hive', hive[1]);
  const i = rest.lastIndexOf('\\');
  if (i >= 0) {
    b.set('registry.key', rest.slice(0, i));
    b.set('registry.value', rest.slice(i + 1));
  }
  const details = b.data.Details;
  if (details && details !== '-') {
    b.set('registry.data.strings', [details]);
    if (details.startsWith('DWORD')) b.set('registry.data.type', 'SZ_DWORD');
    else if (details.startsWith('QWORD')) b.set('registry.data.type', 'SZ_QWORD');
    else b.set('registry.data.type', 'SZ');
  }
}
