// WinEvent: one Windows event with its System header and EventData, whatever shape it came
// in. Every source reader ends here, so the ECS mappers see one model only.

export interface WinEvent {
  channel: string;
  provider: string;
  eventId: number | null;
  computer: string;
  recordId: string | null;
  /** TimeCreated in epoch ms (UTC). */
  time: number | null;
  processId: number | null;
  threadId: number | null;
  userId: string | null;
  version: number | null;
  level: string | null;
  task: string | null;
  opcode: string | null;
  keywords: string | null;
  /** EventData (or UserData) as name → string, in the event's order. */
  data: Record<string, string>;
  message: string | null;
  /** The reader already left out Sysmon's empty placeholders (`-`, ``, null GUID). */
  placeholdersDropped?: boolean;
  /** `time` is Sysmon's own UtcTime already (NXLog), not to be parsed again. */
  timeIsUtcTime?: boolean;
}

export function emptyWinEvent(): WinEvent {
  return {
    channel: '',
    provider: '',
    eventId: null,
    computer: '',
    recordId: null,
    time: null,
    processId: null,
    threadId: null,
    userId: null,
    version: null,
    level: null,
    task: null,
    opcode: null,
    keywords: null,
    data: {},
    message: null,
  };
}

// Channel names as Windows spells them; NXLog and others sometimes lower-case them.
const CANONICAL_CHANNELS = [
  'Security',
  'System',
  'Application',
  'Windows PowerShell',
  'Microsoft-Windows-Sysmon/Operational',
  'Microsoft-Windows-PowerShell/Operational',
  'Microsoft-Windows-WinRM/Operational',
  'Microsoft-Windows-WMI-Activity/Operational',
  'Microsoft-Windows-TaskScheduler/Operational',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'Microsoft-Windows-Windows Defender/Operational',
];
const byLower = new Map(CANONICAL_CHANNELS.map((c) => [c.toLowerCase(), c]));
// Exports nearly always spell the channel right: hand back the constant without lower-casing,
// so later lookups by channel hash one interned string instead of a fresh one per record.
const exact = new Map(CANONICAL_CHANNELS.map((c) => [c, c]));

export function canonicalChannel(c: string): string {
  return exact.get(c) ?? byLower.get(c.toLowerCase()) ?? c;
}

// Readers and mappers ask for the family several times per event, and a file holds a handful
// of (channel, provider) pairs: remember the answer instead of lower-casing both each time.
const families = new Map<string, Map<string, string>>();
const MAX_REMEMBERED = 256;

/** Which mapper family an event belongs to. */
export function familyOf(ev: WinEvent): string {
  let byProvider = families.get(ev.channel);
  if (byProvider === undefined) {
    if (families.size >= MAX_REMEMBERED) families.clear();
    families.set(ev.channel, (byProvider = new Map()));
  }
  let family = byProvider.get(ev.provider);
  if (family === undefined) {
    if (byProvider.size >= MAX_REMEMBERED) byProvider.clear();
    byProvider.set(ev.provider, (family = familyFor(ev.channel, ev.provider)));
  }
  return family;
}

function familyFor(channel: string, provider: string): string {
  const ch = channel.toLowerCase();
  const p = provider.toLowerCase();
  if (ch === 'microsoft-windows-sysmon/operational' || p === 'microsoft-windows-sysmon')
    return 'sysmon';
  if (ch === 'security' || p === 'microsoft-windows-security-auditing') return 'security';
  if (ch === 'microsoft-windows-powershell/operational' || p === 'microsoft-windows-powershell')
    return 'powershell';
  if (ch === 'windows powershell' || p === 'powershell') return 'powershell-classic';
  if (ch === 'microsoft-windows-winrm/operational' || p === 'microsoft-windows-winrm')
    return 'winrm';
  if (ch === 'system' || p === 'service control manager') return 'system';
  if (ch === 'microsoft-windows-windows defender/operational') return 'defender';
  return 'other';
}
