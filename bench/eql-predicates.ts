// Compiled predicate evaluation over realistic ECS events: how many stage tests per second
// the language delivers to the correlator. Run: npx tsx bench/eql-predicates.ts [events]
import { compile, type CompiledStage, type Doc } from '../src/eql/index.ts';

const QUERIES: Record<string, string> = {
  'winrm network stage':
    'network where process.pid == 4 and network.direction : ("incoming", "ingress") and destination.port in (5985, 5986) and network.protocol == "http" and source.ip != "127.0.0.1" and source.ip != "::1"',
  'winrm process stage':
    'process where event.type == "start" and process.parent.name : "winrshost.exe" and not process.name : "conhost.exe"',
  'long : list':
    'process where process.name : ("cmd.exe", "powershell.exe", "pwsh.exe", "wscript.exe", "cscript.exe", "mshta.exe", "rundll32.exe", "regsvr32.exe", "certutil.exe", "bitsadmin.exe", "msbuild.exe", "installutil.exe")',
  'path wildcards':
    'process where process.executable : ("?:\\\\Users\\\\*\\\\AppData\\\\*", "?:\\\\Windows\\\\Temp\\\\*", "*\\\\Downloads\\\\*.exe") and not process.executable : "?:\\\\Program Files\\\\*"',
  'args any-value':
    'process where process.args : ("-enc", "-encodedcommand", "*FromBase64String*") and process.args_count >= 2',
  'in exact':
    'any where event.code in ("4624", "4625", "4648", "4672") and winlog.logon.type == "Network"',
  'regex~':
    'process where process.command_line regex~ """.*(invoke-expression|iex).*downloadstring.*"""',
  'like~ list':
    'file where file.name like~ ("*.ps1", "*.vbs", "*.js", "*.hta") and file.path : "*\\\\Startup\\\\*"',
  functions:
    'process where startsWith~(process.name, "power") and length(process.command_line) > 100 and stringContains~(process.command_line, "bypass")',
  cidrMatch:
    'network where not cidrMatch(destination.ip, "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "::1/128") and destination.port == 443',
  arithmetic: 'process where process.pid % 4 == 0 and process.parent.pid + 1 > process.pid - 1000',
  'null checks':
    'any where ?process.code_signature.trusted != true and user.name != null and user.domain == null',
  'flat dotted keys':
    'process where process.parent.name : "services.exe" and user.id == "S-1-5-18"',
};

const NAMES = [
  'cmd.exe',
  'powershell.exe',
  'svchost.exe',
  'conhost.exe',
  'explorer.exe',
  'chrome.exe',
  'winrshost.exe',
  'rundll32.exe',
];

function pick<T>(items: readonly T[], i: number): T {
  return items[((i * 2654435761) % items.length) >>> 0];
}

function event(i: number): Doc {
  const name = pick(NAMES, i);
  const ts = new Date(Date.UTC(2024, 4, 1) + i * 37).toISOString();
  switch (i % 4) {
    case 0:
      return {
        '@timestamp': ts,
        event: { category: ['network'], type: ['connection'], code: '3' },
        host: { id: `host-${i % 50}` },
        process: { pid: i % 7 === 0 ? 4 : 1000 + (i % 9000), name },
        network: { direction: i % 3 ? 'ingress' : 'egress', protocol: i % 5 ? 'http' : 'dns' },
        source: { ip: `172.18.${i % 255}.${(i * 7) % 255}`, port: 40000 + (i % 20000) },
        destination: {
          ip: i % 2 ? `10.0.0.${i % 255}` : `52.1.${i % 255}.9`,
          port: i % 6 ? 5985 : 443,
        },
      };
    case 1:
      return {
        '@timestamp': ts,
        event: { category: ['process'], type: ['start'], code: '1' },
        host: { id: `host-${i % 50}` },
        process: {
          pid: 2000 + (i % 30000),
          name,
          executable: `C:\\Windows\\System32\\${name}`,
          command_line: `${name} -NoProfile -ExecutionPolicy Bypass -enc ${'QUJD'.repeat(i % 40)}`,
          args: [name, '-NoProfile', i % 3 ? '-enc' : '-c', 'QUJD'],
          args_count: 4,
          parent: { name: pick(NAMES, i + 3), pid: 500 + (i % 700) },
        },
        user: { name: 'alice', domain: 'CORP', id: 'S-1-5-21-1' },
      };
    case 2:
      return {
        '@timestamp': ts,
        'event.category': 'file',
        'event.type': 'creation',
        'host.id': `host-${i % 50}`,
        'file.name': `payload${i % 100}.${pick(['ps1', 'txt', 'exe', 'js'], i)}`,
        'file.path': `C:\\Users\\alice\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\${i % 2 ? 'Startup' : 'Other'}\\x`,
        'process.name': name,
        'process.parent.name': 'services.exe',
        'user.id': i % 2 ? 'S-1-5-18' : 'S-1-5-21-1',
      };
    default:
      return {
        '@timestamp': ts,
        event: { category: 'authentication', code: pick(['4624', '4625', '4634', '4672'], i) },
        winlog: { logon: { type: i % 2 ? 'Network' : 'Interactive' } },
        host: { id: `host-${i % 50}` },
        user: { name: `user${i % 30}` },
      };
  }
}

const requested = Number(process.argv[2]);
const count = Number.isInteger(requested) && requested > 0 ? requested : 20_000;
const events = Array.from({ length: count }, (_, i) => event(i));

// Throughput per CPU second of this process as well as per wall second: on a shared,
// loaded machine the wall clock mostly measures other people's work.
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function measure(stage: CompiledStage): {
  perSecond: number;
  perCpuSecond: number;
  matched: number;
} {
  let matched = 0;
  for (let warm = 0; warm < 3; warm++) for (const e of events) if (stage.test(e)) matched++;
  matched = 0;
  let evaluations = 0;
  const cpuStarted = cpuSeconds();
  const started = performance.now();
  while (performance.now() - started < 400) {
    for (let i = 0; i < events.length; i++) if (stage.test(events[i])) matched++;
    evaluations += events.length;
  }
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStarted;
  return {
    perSecond: evaluations / seconds,
    perCpuSecond: evaluations / cpu,
    matched: matched / (evaluations / events.length),
  };
}

console.log(`${count} synthetic ECS events (4 shapes: network, process, flat-key file, auth)`);
console.log(`${'predicate'.padEnd(22)} M evals/s (wall)  M evals/s (CPU)  matches`);
const millions = (x: number) => (x / 1e6).toFixed(2).padStart(8);
let total = 0;
let totalCpu = 0;
for (const [name, query] of Object.entries(QUERIES)) {
  const { perSecond, perCpuSecond, matched } = measure(compile(query).stages[0]);
  total += 1 / perSecond;
  totalCpu += 1 / perCpuSecond;
  console.log(
    `${name.padEnd(22)} ${millions(perSecond)}          ${millions(perCpuSecond)}         ${Math.round(matched)} of ${count}`,
  );
}
const n = Object.keys(QUERIES).length;
console.log(
  `${'harmonic mean'.padEnd(22)} ${millions(n / total)}          ${millions(n / totalCpu)}`,
);
