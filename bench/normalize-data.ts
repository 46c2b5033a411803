// Synthetic raw Windows event exports for the normalization benchmark: NXLog/OTRF-style flat
// records and evtx_dump JSONL, with the event mix of a real Sysmon + Security recording
// (image loads, process access, registry, network, process creation, logons, WFP).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const HOSTS = [
  'WORKSTATION5.theshire.local',
  'WORKSTATION6.theshire.local',
  'MORDORDC.theshire.local',
];
const IMAGES = [
  'C:\\Windows\\System32\\svchost.exe',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'C:\\Windows\\explorer.exe',
  'C:\\Program Files\\Mozilla Firefox\\firefox.exe',
  'C:\\Windows\\System32\\lsass.exe',
];

// A small deterministic PRNG so every run writes the same file.
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Data = Record<string, string>;
interface Ev {
  channel: string;
  provider: string;
  id: number;
  data: Data;
}

function guid(r: () => number): string {
  const h = () =>
    Math.floor(r() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `{${h()}${h()}-${h()}-${h()}-${h()}-${h()}${h()}${h()}}`;
}

function makeEvent(r: () => number, t: Date): Ev {
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const utc = t.toISOString().replace('T', ' ').replace('Z', '');
  const image = pick(IMAGES);
  const pid = String(1000 + Math.floor(r() * 9000));
  const base: Data = {
    RuleName: '-',
    UtcTime: utc,
    ProcessGuid: guid(r),
    ProcessId: pid,
    Image: image,
  };
  const sysmon = (id: number, data: Data): Ev => ({
    channel: 'Microsoft-Windows-Sysmon/Operational',
    provider: 'Microsoft-Windows-Sysmon',
    id,
    data,
  });
  const sec = (id: number, data: Data): Ev => ({
    channel: 'Security',
    provider: 'Microsoft-Windows-Security-Auditing',
    id,
    data,
  });
  const x = r();
  if (x < 0.25)
    return sysmon(7, {
      ...base,
      ImageLoaded: 'C:\\Windows\\System32\\kernelbase.dll',
      FileVersion: '10.0.18362.1',
      Description: 'Windows NT BASE API Client DLL',
      Product: 'Microsoft Windows Operating System',
      Company: 'Microsoft Corporation',
      OriginalFileName: 'Kernelbase.dll',
      Hashes: 'SHA1=4ED8B225C9CC97DD02C9A5DFD9F733C353F83E36,MD5=74D1E6E8AC6ABCC1DE934C8C5E422B64',
      Signed: 'true',
      Signature: 'Microsoft Windows',
      SignatureStatus: 'Valid',
    });
  if (x < 0.45)
    return sysmon(10, {
      RuleName: '-',
      UtcTime: utc,
      SourceProcessGUID: guid(r),
      SourceProcessId: pid,
      SourceThreadId: String(Math.floor(r() * 9000)),
      SourceImage: image,
      TargetProcessGUID: guid(r),
      TargetProcessId: '672',
      TargetImage: 'C:\\Windows\\system32\\lsass.exe',
      GrantedAccess: '0x1410',
      CallTrace:
        'C:\\Windows\\SYSTEM32\\ntdll.dll+9c584|C:\\Windows\\System32\\KERNELBASE.dll+2730e|UNKNOWN(00000000000)',
    });
  if (x < 0.62)
    return sysmon(13, {
      ...base,
      EventType: 'SetValue',
      TargetObject:
        'HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\S-1-5-21-1\\Device\\HarddiskVolume2\\x.exe',
      Details: 'Binary Data',
    });
  if (x < 0.7)
    return sysmon(3, {
      ...base,
      User: 'NT AUTHORITY\\SYSTEM',
      Protocol: 'tcp',
      Initiated: r() < 0.5 ? 'true' : 'false',
      SourceIsIpv6: 'false',
      SourceIp: '172.18.39.5',
      SourceHostname: '-',
      SourcePort: String(49152 + Math.floor(r() * 16000)),
      SourcePortName: '-',
      DestinationIsIpv6: 'false',
      DestinationIp: '172.18.39.6',
      DestinationHostname: '-',
      DestinationPort: pick(['5985', '443', '445', '80']),
      DestinationPortName: '-',
    });
  if (x < 0.75)
    return sysmon(1, {
      ...base,
      FileVersion: '10.0.18362.1',
      Description: 'Windows PowerShell',
      Product: 'Microsoft Windows Operating System',
      Company: 'Microsoft Corporation',
      OriginalFileName: 'PowerShell.EXE',
      CommandLine: `"${image}" -noP -sta -w 1 -enc SQBmACgAJABQAFMAVgBlAHIAcwBJAG8AbgBUAGEAQgBsAEUALgBQAFMAVgBFAHIAcwBJAG8AbgAuAE0AYQBKAE8AUgAgAC0ARwBlACAAMwApAHsA`,
      CurrentDirectory: 'C:\\Users\\pgustavo\\',
      User: 'THESHIRE\\pgustavo',
      LogonGuid: guid(r),
      LogonId: '0x2da8840',
      TerminalSessionId: '1',
      IntegrityLevel: 'High',
      Hashes: 'SHA1=36C5D12033B2EAF251BAE61C00690FFB17FDDC87,MD5=CDA48FC75952AD12D99E526D0B6BF70A',
      ParentProcessGuid: guid(r),
      ParentProcessId: '4452',
      ParentImage: 'C:\\Windows\\System32\\wsmprovhost.exe',
      ParentCommandLine: 'C:\\windows\\system32\\wsmprovhost.exe -Embedding',
    });
  if (x < 0.85)
    return sec(4658, {
      SubjectUserSid: 'S-1-5-18',
      SubjectUserName: 'WORKSTATION5$',
      SubjectDomainName: 'THESHIRE',
      SubjectLogonId: '0x3e7',
      ObjectServer: 'Security',
      HandleId: '0x1234',
      ProcessId: '0x2f4',
      ProcessName: 'C:\\Windows\\System32\\svchost.exe',
    });
  if (x < 0.95)
    return sec(5156, {
      ProcessID: '4',
      Application: 'System',
      Direction: '%%14592',
      SourceAddress: '172.18.39.5',
      SourcePort: String(49152 + Math.floor(r() * 16000)),
      DestAddress: '172.18.39.6',
      DestPort: '5985',
      Protocol: '6',
      FilterRTID: '0',
      LayerName: '%%14610',
      LayerRTID: '44',
      RemoteUserID: 'S-1-0-0',
      RemoteMachineID: 'S-1-0-0',
    });
  return sec(4624, {
    SubjectUserSid: 'S-1-5-18',
    SubjectUserName: 'WORKSTATION6$',
    SubjectDomainName: 'THESHIRE',
    SubjectLogonId: '0x3e7',
    TargetUserSid: 'S-1-5-21-1-1104',
    TargetUserName: 'pgustavo',
    TargetDomainName: 'THESHIRE',
    TargetLogonId: '0x2da8840',
    LogonType: '3',
    LogonProcessName: 'Kerberos',
    AuthenticationPackageName: 'Kerberos',
    WorkstationName: '-',
    LogonGuid: guid(r),
    TransmittedServices: '-',
    LmPackageName: '-',
    KeyLength: '0',
    ProcessId: '0x0',
    ProcessName: '-',
    IpAddress: '172.18.39.5',
    IpPort: '59770',
    ImpersonationLevel: '%%1833',
  });
}

function local(t: Date): string {
  return new Date(t.getTime() - 4 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

function otrf(ev: Ev, t: Date, host: string, n: number): string {
  return JSON.stringify({
    EventTime: local(t),
    EventReceivedTime: local(new Date(t.getTime() + 1000)),
    Hostname: host,
    Keywords: -9223372036854775808,
    EventType: 'INFO',
    SeverityValue: 2,
    Severity: 'INFO',
    EventID: ev.id,
    SourceName: ev.provider,
    Version: 5,
    Task: 3,
    OpcodeValue: 0,
    RecordNumber: n,
    ExecutionProcessID: 3392,
    ThreadID: 5552,
    Channel: ev.channel,
    Opcode: 'Info',
    SourceModuleName: 'eventlog',
    SourceModuleType: 'im_msvistalog',
    '@version': '1',
    '@timestamp': new Date(t.getTime() + 1500).toISOString(),
    host: 'wec.internal.cloudapp.net',
    port: 64545,
    tags: ['mordorDataset'],
    ...ev.data,
  });
}

function evtxDump(ev: Ev, t: Date, host: string, n: number): string {
  return JSON.stringify({
    Event: {
      '#attributes': { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
      System: {
        Provider: { '#attributes': { Name: ev.provider } },
        EventID: ev.id,
        Version: 5,
        Level: 4,
        Task: 3,
        Opcode: 0,
        Keywords: '0x8000000000000000',
        TimeCreated: { '#attributes': { SystemTime: t.toISOString() } },
        EventRecordID: n,
        Execution: { '#attributes': { ProcessID: 3392, ThreadID: 5552 } },
        Channel: ev.channel,
        Computer: host,
        Security: { '#attributes': { UserID: 'S-1-5-18' } },
      },
      EventData: ev.data,
    },
  });
}

export async function generate(
  path: string,
  bytes: number,
  shape: 'otrf' | 'evtx_dump',
): Promise<number> {
  const r = rng(42);
  const out = createWriteStream(path);
  let written = 0;
  let n = 0;
  let t = Date.UTC(2020, 8, 20, 21, 0, 0);
  while (written < bytes) {
    let chunk = '';
    for (let i = 0; i < 1000; i++) {
      t += Math.floor(r() * 50);
      const at = new Date(t);
      const ev = makeEvent(r, at);
      const host = HOSTS[n % HOSTS.length];
      chunk += (shape === 'otrf' ? otrf(ev, at, host, n) : evtxDump(ev, at, host, n)) + '\n';
      n++;
    }
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return n;
}
