// SYNTHETIC .evtx for the benchmark: Sysmon 1/3/11 and Security 4624 events with realistic
// field sizes, written by scripts/evtx-writer (templates + substitutions, valid CRCs), and the
// same events as evtx_dump JSONL for the JSON path. Cached in bench/data/. The EventData names
// are the manifests' own, as the PowerShell shape keeps them.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { security } from '../src/ingest/shapes/powershell-layouts/security.ts';
import { sysmon } from '../src/ingest/shapes/powershell-layouts/sysmon.ts';
import * as v from '../scripts/evtx-writer/values.ts';
import {
  EvtxWriter,
  type WElement,
  type WTemplate,
  type WText,
} from '../scripts/evtx-writer/writer.ts';

export const dataDir = fileURLToPath(new URL('./data/', import.meta.url));

const sub = (n: number, optional = false): WText => ({ sub: n, optional });
const data = (names: string[], from: number): WElement[] =>
  names.map((name, i) => ({ name: 'Data', attrs: [['Name', name]], content: [sub(from + i)] }));

function system(provider: string, guid: string, channel: string): WElement {
  return {
    name: 'System',
    content: [
      {
        name: 'Provider',
        attrs: [
          ['Name', provider],
          ['Guid', guid],
        ],
      },
      { name: 'EventID', content: [sub(0)] },
      { name: 'Version', content: [sub(1)] },
      { name: 'Level', content: [sub(2)] },
      { name: 'Task', content: [sub(3)] },
      { name: 'Opcode', content: [sub(4)] },
      { name: 'Keywords', content: [sub(5)] },
      { name: 'TimeCreated', attrs: [['SystemTime', sub(6)]] },
      { name: 'EventRecordID', content: [sub(7)] },
      { name: 'Correlation', attrs: [['ActivityID', sub(8, true)]] },
      {
        name: 'Execution',
        attrs: [
          ['ProcessID', sub(9)],
          ['ThreadID', sub(10)],
        ],
      },
      { name: 'Channel', content: [channel] },
      { name: 'Computer', content: [sub(11)] },
      { name: 'Security', attrs: [['UserID', sub(12, true)]] },
    ],
  };
}

const event = (id: number, sys: WElement, names: string[]): WTemplate => ({
  id,
  root: {
    name: 'Event',
    attrs: [['xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event']],
    content: [sys, { name: 'EventData', content: data(names, 13) }],
  },
});

const SYSMON = system(
  'Microsoft-Windows-Sysmon',
  '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
  'Microsoft-Windows-Sysmon/Operational',
);
const SECURITY = system(
  'Microsoft-Windows-Security-Auditing',
  '{54849625-5478-4994-A5BA-3E3B0328C30D}',
  'Security',
);

const PROC = event(1, SYSMON, sysmon[1]);
const NET = event(3, SYSMON, sysmon[3]);
const FILE = event(11, SYSMON, sysmon[11]);
const LOGON = event(4624, SECURITY, security[4624]);

let seed = 42;
const rnd = (n: number) => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};
const pick = <T>(xs: T[]) => xs[rnd(xs.length)];
const hex = (n: number) => Array.from({ length: n }, () => '0123456789ABCDEF'[rnd(16)]).join('');
const guid = () => `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`;
const IMAGES = [
  'C:\\Windows\\System32\\cmd.exe',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Windows\\System32\\svchost.exe',
  'C:\\Windows\\System32\\wsmprovhost.exe',
];

function header(id: number, t: number, record: number, host: string, user: string | null) {
  const iso = new Date(t).toISOString().slice(0, 23) + String(rnd(10000)).padStart(4, '0') + 'Z';
  return [
    v.u16(id),
    v.u8(id === 4624 ? 2 : 5),
    v.u8(id === 4624 ? 0 : 4),
    v.u16(id === 4624 ? 12544 : id),
    v.u8(0),
    v.hex64(id === 4624 ? 0x8020000000000000n : 0x8000000000000000n),
    v.filetime(iso),
    v.uint64(BigInt(record)),
    v.nul(),
    v.u32(1000 + rnd(9000)),
    v.u32(1000 + rnd(9000)),
    v.wstr(host),
    user ? v.sid(user) : v.nul(),
  ];
}

function values(
  kind: number,
  t: number,
  record: number,
): { template: WTemplate; values: v.WValue[] } {
  const host = `WKS-${rnd(50)}.corp.example.test`;
  const utc = new Date(t).toISOString().replace('T', ' ').slice(0, 23);
  const image = pick(IMAGES);
  const sys = (id: number) => header(id, t, record, host, 'S-1-5-18');
  if (kind === 0)
    return {
      template: PROC,
      values: [
        ...sys(1),
        v.wstr('-'),
        v.wstr(utc),
        v.guid(guid()),
        v.u32(rnd(65536)),
        v.wstr(image),
        v.wstr('10.0.19041.1 (WinBuild.160101.0800)'),
        v.wstr('Windows Command Processor'),
        v.wstr('Microsoft® Windows® Operating System'),
        v.wstr('Microsoft Corporation'),
        v.wstr('Cmd.Exe'),
        v.wstr(`${image} /c whoami /all & echo ${hex(12)}`),
        v.wstr('C:\\Users\\alice\\'),
        v.wstr('CORP\\alice'),
        v.guid(guid()),
        v.hex64(BigInt(rnd(2 ** 31))),
        v.u32(1),
        v.wstr('High'),
        v.wstr(`SHA1=${hex(40)},MD5=${hex(32)},SHA256=${hex(64)},IMPHASH=${hex(32)}`),
        v.guid(guid()),
        v.u32(rnd(65536)),
        v.wstr(pick(IMAGES)),
        v.wstr(`"${pick(IMAGES)}" -NoProfile`),
        v.wstr('CORP\\alice'),
      ],
    };
  if (kind === 1)
    return {
      template: NET,
      values: [
        ...sys(3),
        v.wstr('-'),
        v.wstr(utc),
        v.guid(guid()),
        v.u32(rnd(65536)),
        v.wstr(image),
        v.wstr('NT AUTHORITY\\SYSTEM'),
        v.wstr('tcp'),
        v.bool(rnd(2) === 1),
        v.bool(false),
        v.wstr(`10.0.${rnd(255)}.${rnd(255)}`),
        v.wstr(host),
        v.u16(rnd(65536)),
        v.wstr('-'),
        v.bool(false),
        v.wstr(`172.16.${rnd(255)}.${rnd(255)}`),
        v.wstr('dc1.corp.example.test'),
        v.u16(pick([443, 445, 5985, 88, 389])),
        v.wstr('-'),
      ],
    };
  if (kind === 2)
    return {
      template: FILE,
      values: [
        ...sys(11),
        v.wstr('-'),
        v.wstr(utc),
        v.guid(guid()),
        v.u32(rnd(65536)),
        v.wstr(image),
        v.wstr(`C:\\Users\\alice\\AppData\\Local\\Temp\\${hex(8)}.tmp`),
        v.wstr(utc),
        v.wstr('CORP\\alice'),
      ],
    };
  return {
    template: LOGON,
    values: [
      ...header(4624, t, record, host, null),
      v.sid('S-1-5-18'),
      v.wstr(`${host.split('.')[0]}$`),
      v.wstr('CORP'),
      v.hex64(0x3e7n),
      v.sid(`S-1-5-21-${rnd(2 ** 31)}-${rnd(2 ** 31)}-${rnd(2 ** 31)}-${1000 + rnd(500)}`),
      v.wstr('alice'),
      v.wstr('CORP'),
      v.hex64(BigInt(rnd(2 ** 31))),
      v.u32(pick([2, 3, 10])),
      v.wstr('User32 '),
      v.wstr('Negotiate'),
      v.wstr(host.split('.')[0]),
      v.guid(guid()),
      v.wstr('-'),
      v.wstr('-'),
      v.u32(0),
      v.hex64(BigInt(rnd(65536))),
      v.wstr('C:\\Windows\\System32\\svchost.exe'),
      v.wstr(`10.1.${rnd(255)}.${rnd(255)}`),
      v.wstr(String(rnd(65536))),
      v.wstr('%%1833'),
      v.wstr('-'),
      v.wstr('-'),
      v.wstr('-'),
      v.wstr('%%1843'),
      v.hex64(0n),
      v.wstr('%%1842'),
    ],
  };
}

/** Writes about `mb` MiB of synthetic .evtx into `dir` (cached), streamed chunk by chunk. */
export function syntheticEvtx(mb: number, dir = dataDir): string {
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/synthetic-${mb}mb.evtx`;
  if (existsSync(path)) return path;
  const tmp = path + '.part';
  const fd = openSync(tmp, 'w');
  writeSync(fd, new Uint8Array(4096)); // the header, written last
  const w = new EvtxWriter((chunk) => writeSync(fd, chunk));
  let t = Date.UTC(2024, 4, 1);
  for (let record = 1; w.chunks < mb * 16; record++) {
    t += rnd(2000);
    const e = values(record % 7 < 3 ? 0 : record % 7 < 5 ? 1 : record % 7 < 6 ? 2 : 3, t, record);
    w.add(e.template, e.values, t);
  }
  writeSync(fd, w.finish(), 0, 4096, 0);
  closeSync(fd);
  renameSync(tmp, path);
  return path;
}
