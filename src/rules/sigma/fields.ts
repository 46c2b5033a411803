// Sigma's Windows field names → the fields Sequent's events carry, as Winlogbeat's sysmon,
// security and powershell pipelines name them (src/ingest/map/*). One table, read top-down:
// a category row overrides the common rows. A field not listed falls back to
// `winlog.event_data.<Field>`, which Sequent's ingest keeps for every event, so an unmapped
// condition still runs instead of being dropped.
//
// ECS names are used only for Sysmon-based categories (and process_creation, whose Security
// 4688 events Winlogbeat maps to the same ECS fields); rules on other channels
// (`service: security`, `system`…) name the channel's own EventData fields and read them
// from winlog.event_data. Fields whose ECS form is reshaped (User split into domain and name,
// Hashes split and lower-cased, Initiated turned into a direction) stay on winlog.event_data
// so Sigma's values keep matching.

/** One Sigma field can read several event fields (any of them may hold the value). */
export type Target = string | string[];

/** Windows System fields, for every logsource. */
const SYSTEM: Record<string, Target> = {
  EventID: 'winlog.event_id',
  Channel: 'winlog.channel',
  Provider_Name: 'winlog.provider_name',
  Computer: 'winlog.computer_name',
  ComputerName: 'winlog.computer_name',
  Keywords: 'winlog.keywords',
  Task: 'winlog.task',
};

/** Sysmon EventData → ECS, as Winlogbeat's sysmon pipeline maps it. */
const SYSMON: Record<string, Target> = {
  Image: 'process.executable',
  CommandLine: 'process.command_line',
  CurrentDirectory: 'process.working_directory',
  ProcessId: 'process.pid',
  ProcessGuid: 'process.entity_id',
  ParentImage: 'process.parent.executable',
  ParentCommandLine: 'process.parent.command_line',
  ParentProcessId: 'process.parent.pid',
  ParentProcessGuid: 'process.parent.entity_id',
  OriginalFileName: 'process.pe.original_file_name',
  Description: 'process.pe.description',
  Product: 'process.pe.product',
  Company: 'process.pe.company',
  FileVersion: 'process.pe.file_version',
  TargetFilename: 'file.path',
  ImageLoaded: 'file.path',
  PipeName: 'file.name',
  Signature: 'file.code_signature.subject_name',
  SignatureStatus: 'file.code_signature.status',
  Protocol: 'network.transport',
  SourceIp: 'source.ip',
  SourceHostname: 'source.domain',
  SourcePort: 'source.port',
  DestinationIp: 'destination.ip',
  DestinationHostname: 'destination.domain',
  DestinationPort: 'destination.port',
  QueryName: 'dns.question.name',
  SourceImage: 'process.executable',
  SourceProcessId: 'process.pid',
  SourceProcessGuid: 'process.entity_id',
};

/** Category rows: where an event id maps a Sysmon field somewhere else. */
const BY_CATEGORY: Record<string, Record<string, Target>> = {
  // Image-load events describe the loaded file: its PE header goes to file.pe.*.
  image_load: {
    OriginalFileName: 'file.pe.original_file_name',
    Description: 'file.pe.description',
    Product: 'file.pe.product',
    Company: 'file.pe.company',
    FileVersion: 'file.pe.file_version',
  },
  // Details stays on winlog.event_data: Winlogbeat rewrites DWORDs as decimal in
  // registry.data.strings ("4"), while Sigma's values are Sysmon's ("DWORD (0x00000004)").
  registry_event: { TargetObject: 'registry.path' },
  registry_add: { TargetObject: 'registry.path' },
  registry_delete: { TargetObject: 'registry.path' },
  registry_set: { TargetObject: 'registry.path' },
  registry_rename: { TargetObject: 'registry.path' },
  ps_script: { ScriptBlockText: 'powershell.file.script_block_text' },
  // Windows PowerShell's classic events (400, 600, 800) carry unnamed <Data> elements.
  ps_classic_start: {
    Data: ['winlog.event_data.param1', 'winlog.event_data.param2', 'winlog.event_data.param3'],
  },
  ps_classic_provider_start: {
    Data: ['winlog.event_data.param1', 'winlog.event_data.param2', 'winlog.event_data.param3'],
  },
  ps_classic_script: {
    Data: ['winlog.event_data.param1', 'winlog.event_data.param2', 'winlog.event_data.param3'],
  },
};

/** Categories whose events are Sysmon's (or Security 4688 mapped alike): ECS names apply. */
const ECS_CATEGORIES = new Set([
  'process_creation',
  'file_change',
  'network_connection',
  'process_termination',
  'driver_load',
  'image_load',
  'create_remote_thread',
  'raw_access_thread',
  'process_access',
  'file_event',
  'registry_event',
  'registry_add',
  'registry_delete',
  'registry_set',
  'registry_rename',
  'create_stream_hash',
  'pipe_created',
  'wmi_event',
  'dns_query',
  'file_delete',
  'clipboard_capture',
  'process_tampering',
  'file_delete_detected',
  'file_block_executable',
  'file_block_shredding',
  'file_executable_detected',
  'sysmon_status',
  'sysmon_error',
]);

/**
 * Where keywords (values without a field) are searched: the fields that hold an event's free
 * text in Windows logs. EQL has no "any field" search, so this list is the whole event as far
 * as Sigma keywords go.
 */
export const KEYWORD_FIELDS = [
  'message',
  'winlog.event_data.Data',
  'winlog.event_data.param1',
  'winlog.event_data.param2',
  'winlog.event_data.param3',
  'winlog.event_data.param4',
  'winlog.event_data.param5',
  'winlog.event_data.Payload',
  'winlog.event_data.ContextInfo',
  'process.command_line',
  'process.parent.command_line',
  'powershell.file.script_block_text',
];

export interface LogsourceKey {
  category?: string;
  service?: string;
}

/** The event field(s) a Sigma field is read from for rules of this logsource. */
export function mapField(field: string, logsource: LogsourceKey): Target {
  const category = logsource.category ?? '';
  const row = Object.hasOwn(BY_CATEGORY, category) ? BY_CATEGORY[category] : undefined;
  if (row && Object.hasOwn(row, field)) return row[field];
  if (Object.hasOwn(SYSTEM, field)) return SYSTEM[field];
  const ecs = ECS_CATEGORIES.has(category) || logsource.service === 'sysmon';
  if (ecs && Object.hasOwn(SYSMON, field)) return SYSMON[field];
  // A taxonomy-style field with a dot is already an event path (`winlog.channel`, ECS rules).
  if (field.includes('.')) return field;
  return `winlog.event_data.${field}`;
}
