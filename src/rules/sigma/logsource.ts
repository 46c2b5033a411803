// Sigma logsources → the EQL condition that selects their events, after the Windows rows of
// the specification's taxonomy appendix: a category names Sysmon event ids (process_creation
// also Security 4688, which Winlogbeat maps to the same ECS process fields); a service names
// its event log channel. Channels compare with `:`, which ignores case, as Windows does.
import { CannotRun } from './errors.ts';
import { eqlString } from './eql-text.ts';
import { and, or, pred, TRUE, type Expr } from './expr.ts';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
const PS = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const PS_CLASSIC = 'Windows PowerShell';
const KERNEL_FILE = 'Microsoft-Windows-Kernel-File';

interface Source {
  channels?: string[];
  provider?: string;
  ids?: number[];
}

const sysmon = (...ids: number[]): Source[] => [{ channels: [SYSMON], ids }];

/**
 * The ECS event.category every event of a category has (Winlogbeat's sysmon, security and
 * powershell tables, as src/ingest/map copies them). A rule written `process where …` meets
 * only process events, so the engine skips it for every other event; categories whose
 * events differ in ECS category (sysmon_status, clipboard_capture…) stay `any`.
 */
const ECS_CATEGORY: Record<string, string> = {
  process_creation: 'process',
  file_change: 'file',
  network_connection: 'network',
  process_termination: 'process',
  driver_load: 'driver',
  image_load: 'process',
  create_remote_thread: 'process',
  raw_access_thread: 'process',
  process_access: 'process',
  file_event: 'file',
  registry_event: 'registry',
  registry_add: 'registry',
  registry_delete: 'registry',
  registry_set: 'registry',
  registry_rename: 'registry',
  create_stream_hash: 'file',
  pipe_created: 'file',
  wmi_event: 'process',
  dns_query: 'network',
  file_delete: 'file',
  process_tampering: 'process',
  file_delete_detected: 'file',
  file_block_executable: 'file',
  file_block_shredding: 'file',
  file_executable_detected: 'file',
  ps_classic_start: 'process',
  ps_classic_provider_start: 'process',
  ps_classic_script: 'process',
  ps_module: 'process',
  ps_script: 'process',
};

const CATEGORIES: Record<string, Source[]> = {
  process_creation: [...sysmon(1), { channels: ['Security'], ids: [4688] }],
  file_change: sysmon(2),
  network_connection: sysmon(3),
  sysmon_status: sysmon(4, 16),
  process_termination: sysmon(5),
  driver_load: sysmon(6),
  image_load: sysmon(7),
  create_remote_thread: sysmon(8),
  raw_access_thread: sysmon(9),
  process_access: sysmon(10),
  file_event: sysmon(11),
  registry_event: sysmon(12, 13, 14),
  registry_add: sysmon(12),
  registry_delete: sysmon(12),
  registry_set: sysmon(13),
  registry_rename: sysmon(14),
  create_stream_hash: sysmon(15),
  pipe_created: sysmon(17, 18),
  wmi_event: sysmon(19, 20, 21),
  dns_query: sysmon(22),
  file_delete: sysmon(23, 26),
  clipboard_capture: sysmon(24),
  process_tampering: sysmon(25),
  file_delete_detected: sysmon(26),
  file_block_executable: sysmon(27),
  file_block_shredding: sysmon(28),
  file_executable_detected: sysmon(29),
  sysmon_error: sysmon(255),
  // Kernel-File is an ETW provider: its events reach a log only through a collector.
  file_access: [{ provider: KERNEL_FILE }],
  file_rename: [{ provider: KERNEL_FILE }],
  ps_classic_start: [{ channels: [PS_CLASSIC], ids: [400] }],
  ps_classic_provider_start: [{ channels: [PS_CLASSIC], ids: [600] }],
  ps_classic_script: [{ channels: [PS_CLASSIC], ids: [800] }],
  ps_module: [{ channels: PS, ids: [4103] }],
  ps_script: [{ channels: PS, ids: [4104] }],
};

const SERVICES: Record<string, string[]> = {
  application: ['Application'],
  'application-experience': [
    'Microsoft-Windows-Application-Experience/Program-Telemetry',
    'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant',
  ],
  applocker: [
    'Microsoft-Windows-AppLocker/MSI and Script',
    'Microsoft-Windows-AppLocker/EXE and DLL',
    'Microsoft-Windows-AppLocker/Packaged app-Deployment',
    'Microsoft-Windows-AppLocker/Packaged app-Execution',
  ],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': [
    'Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational',
  ],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'dns-server-audit': ['Microsoft-Windows-DNS-Server/Audit'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  'kernel-shimengine': [
    'Microsoft-Windows-Kernel-ShimEngine/Operational',
    'Microsoft-Windows-Kernel-ShimEngine/Diagnostic',
  ],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'msexchange-management': ['MSExchange Management'],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  openssh: ['OpenSSH/Operational'],
  powershell: ['Microsoft-Windows-PowerShell/Operational'],
  'powershell-classic': [PS_CLASSIC],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  security: ['Security'],
  'security-mitigations': [
    'Microsoft-Windows-Security-Mitigations/Kernel Mode',
    'Microsoft-Windows-Security-Mitigations/User Mode',
  ],
  sense: ['Microsoft-Windows-SENSE/Operational'],
  'servicebus-client': [
    'Microsoft-ServiceBus-Client/Operational',
    'Microsoft-ServiceBus-Client/Admin',
  ],
  'microsoft-servicebus-client': [
    'Microsoft-ServiceBus-Client/Operational',
    'Microsoft-ServiceBus-Client/Admin',
  ],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  sysmon: [SYSMON],
  system: ['System'],
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  'terminalservices-localsessionmanager': [
    'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  ],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  windefend: ['Microsoft-Windows-Windows Defender/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
};

export interface Logsource {
  product?: string;
  category?: string;
  service?: string;
}

// Channels Sequent's ingest spells canonically whatever the export wrote (src/ingest's
// canonicalChannel): for these an exact `==` holds, many times cheaper per event than `:`,
// which lower-cases the value each time. Other channels keep `:`, ignoring case as Windows.
const CANONICAL = new Set([
  'Security',
  'System',
  'Application',
  'Windows PowerShell',
  SYSMON,
  'Microsoft-Windows-PowerShell/Operational',
  'Microsoft-Windows-WMI-Activity/Operational',
  'Microsoft-Windows-TaskScheduler/Operational',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
]);

const channelIs = (channels: string[]): Expr => {
  const exact = channels.every((c) => CANONICAL.has(c));
  const list = channels.map(eqlString);
  const text =
    channels.length === 1
      ? `winlog.channel ${exact ? '==' : ':'} ${list[0]}`
      : `winlog.channel ${exact ? 'in' : ':'} (${list.join(', ')})`;
  return pred(text);
};

/** One event source: the event id first, the cheapest and most selective test. */
function sourceExpr(s: Source): Expr {
  const parts: Expr[] = [];
  // Event ids compare as strings ("4688"), the form Winlogbeat and Sequent's ingest give
  // them: EQL's string-constant equality is a plain ===, where a number would be parsed
  // out of the string on every event for every rule.
  const ids = s.ids?.map((id) => `"${id}"`);
  if (ids)
    parts.push(
      pred(
        ids.length === 1
          ? `winlog.event_id == ${ids[0]}`
          : `winlog.event_id in (${ids.join(', ')})`,
      ),
    );
  if (s.channels) parts.push(channelIs(s.channels));
  if (s.provider) parts.push(pred(`winlog.provider_name : ${eqlString(s.provider)}`));
  return and(parts);
}

/**
 * How the engine can route events to a rule before testing it: the ECS event category of a
 * category logsource (`process where …`). The where clause still tests the full selection,
 * so routing only skips events the rule could not match. Service logsources stay `any`:
 * their channel test (`winlog.channel == "Security"`) comes first and is cheap, and routing
 * on winlog.channel would need every runner to honour event_category_override.
 */
export function logsourceRouting(ls: Logsource, taxonomy = 'sigma'): string | null {
  if (taxonomy !== 'sigma' || ls.category === undefined) return null;
  return Object.hasOwn(ECS_CATEGORY, ls.category) ? ECS_CATEGORY[ls.category] : null;
}

/**
 * Logsources of rules written in the `ecs` taxonomy (field names already ECS): the generic
 * categories select on ECS categorization, which Sequent's ingest fills for every event.
 */
const ECS_SOURCES: Record<string, Expr> = {
  network: pred('event.category : "network"'),
  'network/dns': and([pred('event.category : "network"'), pred('network.protocol : "dns"')]),
  'network/connection': and([
    pred('event.category : "network"'),
    pred('event.type : "connection"'),
  ]),
  process_creation: and([pred('event.category : "process"'), pred('event.type : "start"')]),
  file_event: pred('event.category : "file"'),
};

/** The condition selecting a logsource's events; throws CannotRun for unknown ones. */
export function logsourceCondition(ls: Logsource, taxonomy = 'sigma'): Expr {
  if (taxonomy === 'ecs' && ls.category !== undefined) {
    const key = ls.service ? `${ls.category}/${ls.service}` : ls.category;
    const own = (k: string): Expr | undefined =>
      Object.hasOwn(ECS_SOURCES, k) ? ECS_SOURCES[k] : undefined;
    const e = own(key) ?? own(ls.category);
    if (!e) throw new CannotRun('logsource', `ecs category ${key} has no ECS selection here`);
    return e;
  }
  const product = ls.product?.toLowerCase();
  if (product !== undefined && product !== 'windows')
    throw new CannotRun('logsource', `product ${ls.product} is not a Windows event log`);
  const parts: Expr[] = [];
  if (ls.category !== undefined) {
    const sources = Object.hasOwn(CATEGORIES, ls.category) ? CATEGORIES[ls.category] : undefined;
    if (!sources)
      throw new CannotRun('logsource', `category ${ls.category} has no Windows event source`);
    parts.push(or(sources.map(sourceExpr)));
  }
  if (ls.service !== undefined && ls.category === undefined) {
    const channels = Object.hasOwn(SERVICES, ls.service) ? SERVICES[ls.service] : undefined;
    if (!channels)
      throw new CannotRun('logsource', `service ${ls.service} names no known event log channel`);
    parts.push(channelIs(channels));
  }
  return parts.length ? and(parts) : TRUE;
}
