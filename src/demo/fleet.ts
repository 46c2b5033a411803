// The synthetic organisation: hosts (workstations, servers, a domain controller), the people
// who use them, and each host's long-running processes that new processes descend from.
import type { Random } from './random.ts';

export const DOMAIN = 'CORP';
export const DNS_DOMAIN = 'corp.example';

export interface Account {
  name: string;
  domain: string;
  sid: string;
}

export interface Proc {
  pid: number;
  /** Sysmon ProcessGuid without braces; ECS process.entity_id. */
  guid: string;
  executable: string;
  name: string;
  commandLine: string;
  user: Account;
  parent: Proc | null;
}

export interface Host {
  name: string;
  fqdn: string;
  /** Stable per-host id, as an agent would report it. */
  id: string;
  ip: string;
  role: 'workstation' | 'server' | 'dc';
  os: { name: string; version: string; build: string; kernel: string };
  /** Also runs Elastic Defend (endpoint) next to Winlogbeat. */
  defend: boolean;
  agentId: string;
  defendAgentId: string;
  /** The person who works here (workstations), or an admin for servers. */
  owner: Account;
  core: {
    system: Proc;
    services: Proc;
    lsass: Proc;
    svchosts: Proc[];
    dcomLaunch: Proc;
    explorer: Proc | null;
    defender: Proc;
  };
  nextPid: number;
  recordIds: Record<string, number>;
}

export const SYSTEM: Account = { name: 'SYSTEM', domain: 'NT AUTHORITY', sid: 'S-1-5-18' };
export const NETWORK_SERVICE: Account = {
  name: 'NETWORK SERVICE',
  domain: 'NT AUTHORITY',
  sid: 'S-1-5-20',
};
export const LOCAL_SERVICE: Account = {
  name: 'LOCAL SERVICE',
  domain: 'NT AUTHORITY',
  sid: 'S-1-5-19',
};

const FIRST = ['anna', 'ben', 'carla', 'dev', 'elif', 'felix', 'grace', 'hugo', 'ines', 'jonas'];
const LAST = ['meyer', 'okafor', 'silva', 'tanaka', 'novak', 'haddad', 'larsen', 'moreau'];

const OS = {
  workstation: { name: 'Windows 10 Enterprise', version: '10.0', build: '19045.4291' },
  server: { name: 'Windows Server 2019 Datacenter', version: '10.0', build: '17763.5696' },
  dc: { name: 'Windows Server 2022 Standard', version: '10.0', build: '20348.2402' },
} as const;

const SVCHOST_GROUPS = [
  'DcomLaunch -p',
  'RPCSS -p',
  'netsvcs -p',
  'LocalServiceNetworkRestricted -p',
  'NetworkService -p',
  'LocalSystemNetworkRestricted -p',
];

export function makeUsers(rng: Random, count: number): Account[] {
  const domainSid = `S-1-5-21-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e8, 4e9)}`;
  const users: Account[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${FIRST[i % FIRST.length]}.${LAST[Math.floor(i / FIRST.length + i) % LAST.length]}${i >= FIRST.length * LAST.length ? i : ''}`;
    users.push({ name, domain: DOMAIN, sid: `${domainSid}-${1105 + i}` });
  }
  users.push({ name: 'adm.ops', domain: DOMAIN, sid: `${domainSid}-500` });
  return users;
}

export function makeHosts(rng: Random, count: number, users: Account[]): Host[] {
  const admin = users[users.length - 1];
  const hosts: Host[] = [];
  let servers = 0;
  let workstations = 0;
  for (let i = 0; i < count; i++) {
    const role: Host['role'] = i === 1 ? 'dc' : i % 5 === 4 ? 'server' : 'workstation';
    const name =
      role === 'dc'
        ? 'DC01'
        : role === 'server'
          ? `SRV-APP${String(++servers).padStart(2, '0')}`
          : `WKS-${String(++workstations).padStart(4, '0')}`;
    const os = OS[role];
    const host: Host = {
      name,
      fqdn: `${name}.${DNS_DOMAIN}`,
      id: rng.uuid(),
      ip: `10.20.${Math.floor(i / 200) + (role === 'workstation' ? 1 : 0)}.${10 + (i % 200)}`,
      role,
      os: { ...os, kernel: `${os.version}.${os.build}` },
      defend: i % 2 === 0,
      agentId: rng.uuid(),
      defendAgentId: rng.uuid(),
      owner: role === 'workstation' ? users[i % (users.length - 1)] : admin,
      core: undefined as unknown as Host['core'],
      nextPid: 400 + rng.int(0, 50) * 4,
      recordIds: {},
    };
    host.core = coreProcesses(rng, host);
    hosts.push(host);
  }
  return hosts;
}

function coreProcesses(rng: Random, host: Host): Host['core'] {
  const sys32 = 'C:\\Windows\\System32';
  const system = proc(rng, host, 4, 'System', 'System', '', SYSTEM, null);
  const smss = spawnWith(
    rng,
    host,
    `${sys32}\\smss.exe`,
    '\\SystemRoot\\System32\\smss.exe',
    SYSTEM,
    system,
  );
  const wininit = spawnWith(rng, host, `${sys32}\\wininit.exe`, 'wininit.exe', SYSTEM, smss);
  const services = spawnWith(
    rng,
    host,
    `${sys32}\\services.exe`,
    `${sys32}\\services.exe`,
    SYSTEM,
    wininit,
  );
  const lsass = spawnWith(rng, host, `${sys32}\\lsass.exe`, `${sys32}\\lsass.exe`, SYSTEM, wininit);
  const svchosts = SVCHOST_GROUPS.map((group) =>
    spawnWith(
      rng,
      host,
      `${sys32}\\svchost.exe`,
      `${sys32}\\svchost.exe -k ${group}`,
      group.startsWith('NetworkService')
        ? NETWORK_SERVICE
        : group.startsWith('Local')
          ? LOCAL_SERVICE
          : SYSTEM,
      services,
    ),
  );
  const defender = spawnWith(
    rng,
    host,
    'C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24030.9-0\\MsMpEng.exe',
    '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24030.9-0\\MsMpEng.exe"',
    SYSTEM,
    services,
  );
  let explorer: Proc | null = null;
  if (host.role === 'workstation') {
    const userinit = spawnWith(
      rng,
      host,
      `${sys32}\\userinit.exe`,
      `${sys32}\\userinit.exe`,
      host.owner,
      wininit,
    );
    explorer = spawnWith(
      rng,
      host,
      'C:\\Windows\\explorer.exe',
      'C:\\Windows\\Explorer.EXE',
      host.owner,
      userinit,
    );
  }
  return { system, services, lsass, svchosts, dcomLaunch: svchosts[0], explorer, defender };
}

function proc(
  rng: Random,
  host: Host,
  pid: number,
  executable: string,
  name: string,
  commandLine: string,
  user: Account,
  parent: Proc | null,
): Proc {
  const guid = `${host.id.slice(0, 8)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(4)}-${rng.hex(12)}`;
  return { pid, guid, executable, name, commandLine, user, parent };
}

/** A new process on the host, with a fresh pid and guid. */
export function spawnWith(
  rng: Random,
  host: Host,
  executable: string,
  commandLine: string,
  user: Account,
  parent: Proc | null,
): Proc {
  host.nextPid += 4 * rng.int(1, 40);
  if (host.nextPid > 60000) host.nextPid = 1000 + 4 * rng.int(0, 100);
  const name = executable.slice(executable.lastIndexOf('\\') + 1);
  return proc(rng, host, host.nextPid, executable, name, commandLine, user, parent);
}
