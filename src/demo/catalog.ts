// What ordinary Windows hosts run: user applications, service tasks, admin commands, the
// files they write and registry keys they touch. Paths as they appear on real systems.

export const SYS32 = 'C:\\Windows\\System32';

export const userApps: readonly (readonly [string, string, string[]])[] = [
  [
    'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    '"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --profile-directory=Default',
    ['www.google.com', 'clients2.google.com', 'accounts.google.com'],
  ],
  [
    'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
    '"C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe" --single-argument https://intranet.corp.example/',
    ['intranet.corp.example', 'www.bing.com', 'edge.microsoft.com'],
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE"',
    ['outlook.office365.com', 'autodiscover.corp.example'],
  ],
  [
    'C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE',
    '"C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE" "\\\\fs01\\finance\\Q3 budget.xlsx"',
    ['officeclient.microsoft.com'],
  ],
  [
    'C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe',
    '"C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe" --system-initiated',
    ['teams.microsoft.com', 'presence.teams.microsoft.com'],
  ],
  [
    'C:\\Windows\\System32\\notepad.exe',
    '"C:\\Windows\\system32\\NOTEPAD.EXE" C:\\Users\\%USER%\\Desktop\\notes.txt',
    [],
  ],
];

export const serviceTasks: readonly (readonly [string, string])[] = [
  [
    `${SYS32}\\taskhostw.exe`,
    'taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly',
  ],
  [
    `${SYS32}\\backgroundTaskHost.exe`,
    '"C:\\Windows\\system32\\backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider',
  ],
  [
    `${SYS32}\\SearchProtocolHost.exe`,
    '"C:\\Windows\\system32\\SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe1_ Global\\UsGthrCtrlFltPipeMssGthrPipe1 1 -2147483646',
  ],
  [`${SYS32}\\wbem\\WmiPrvSE.exe`, 'C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding'],
  [`${SYS32}\\sppsvc.exe`, 'C:\\Windows\\system32\\sppsvc.exe'],
  [`${SYS32}\\gpupdate.exe`, 'gpupdate.exe /target:computer'],
  [`${SYS32}\\wuauclt.exe`, '"C:\\Windows\\system32\\wuauclt.exe" /RunHandlerComServer'],
  [`${SYS32}\\svchost.exe`, 'C:\\Windows\\system32\\svchost.exe -k UnistackSvcGroup'],
  [
    `${SYS32}\\dllhost.exe`,
    'C:\\Windows\\system32\\DllHost.exe /Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}',
  ],
];

export const adminCommands: readonly string[] = [
  'whoami /all',
  'ipconfig /all',
  'net use',
  'nslookup dc01.corp.example',
  'systeminfo',
  'tasklist /v',
  'sc query wuauserv',
  'gpresult /r',
];

export const remoteShellCommands: readonly string[] = [
  'cmd.exe /C whoami /all',
  'cmd.exe /C ipconfig /all',
  'cmd.exe /C net localgroup administrators',
  'cmd.exe /C tasklist /v',
  'cmd.exe /C hostname',
];

export const dlls: readonly string[] = [
  `${SYS32}\\ntdll.dll`,
  `${SYS32}\\kernel32.dll`,
  `${SYS32}\\KernelBase.dll`,
  `${SYS32}\\advapi32.dll`,
  `${SYS32}\\crypt32.dll`,
  `${SYS32}\\wininet.dll`,
  `${SYS32}\\ws2_32.dll`,
  `${SYS32}\\amsi.dll`,
];

export const registryKeys: readonly (readonly [string, string])[] = [
  ['HKU\\%SID%\\Software\\Microsoft\\Windows\\CurrentVersion\\Explorer\\Advanced', 'HideFileExt'],
  ['HKLM\\SOFTWARE\\Microsoft\\Windows Defender\\Signature Updates', 'SignaturesLastUpdated'],
  ['HKLM\\System\\CurrentControlSet\\Services\\bam\\State\\UserSettings\\%SID%', 'SequenceNumber'],
  ['HKU\\%SID%\\Software\\Microsoft\\Office\\16.0\\Common\\General', 'ShownFirstRunOptin'],
  [
    'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update',
    'LastOnlineScanTimeForAppCategory',
  ],
];

export const filePaths: readonly string[] = [
  'C:\\Users\\%USER%\\AppData\\Local\\Temp\\~DF%HEX%.TMP',
  'C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\Windows\\INetCache\\IE\\%HEX%\\logo[1].png',
  'C:\\Users\\%USER%\\Downloads\\report-%HEX%.pdf',
  'C:\\Windows\\Temp\\MpCmdRun-%HEX%.log',
  'C:\\Windows\\SoftwareDistribution\\Download\\%HEX%\\update.cab',
  'C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service\\%HEX%.bin',
];

export const externalAddresses: readonly string[] = [
  '142.250.185.78',
  '13.107.42.14',
  '52.96.166.130',
  '20.190.160.4',
  '104.208.16.88',
];
