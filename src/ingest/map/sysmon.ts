// Sysmon (Microsoft-Windows-Sysmon/Operational) as Winlogbeat's sysmon pipeline maps it.
import { present, toBool, toNumber } from '../values.ts';
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

type FieldMapper = (b: EcsBuilder, v: string, id: number) => void;

const set =
  (path: string): FieldMapper =>
  (b, v) =>
    b.set(path, v);
const num =
  (path: string): FieldMapper =>
  (b, v) =>
    b.set(path, toNumber(v));
// Image-load events (7) describe the loaded file; all others the process.
const pe = (field: string): FieldMapper => {
  const onFile = `file.pe.${field}`;
  const onProcess = `process.pe.${field}`;
  return (b, v, id) => b.set(id === 7 ? onFile : onProcess, v);
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
    if (id === 22) b.set('dns.question.name', v);
  },
  QueryResults: (b, v, id) => {
    if (id === 22) dnsAnswers(b, v);
  },
  User: (b, v) => b.accountValue('user', v),
  TargetObject: (b, _v, id) => {
    if (id >= 12 && id <= 14) registry(b);
  },
};

function hashes(b: EcsBuilder, v: string, id: number): void {
  const target = PROCESS_HASH.has(id) ? 'process' : FILE_HASH.has(id) ? 'file' : '';
  const h = target ? parseHashes(v) : null;
  if (!h) return;
  for (const k in h) {
    if (k === 'imphash') b.set(`${target}.pe.imphash`, h[k]);
    else b.set(`${target}.hash.${k}`, h[k]);
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
  // Upper-case only the few characters a hive prefix can span, not the whole key path.
  const head = path.slice(0, 5).toUpperCase();
  const hive = HIVES.find(([p]) => head.startsWith(p));
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
