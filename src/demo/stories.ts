// Benign background activity, one small story at a time: an app starts and talks to the
// internet, a service runs a task, an admin types commands, files and registry values change,
// SMB sessions arrive at the System process. None of it touches WinRM.
import {
  adminCommands,
  dlls,
  externalAddresses,
  filePaths,
  registryKeys,
  serviceTasks,
  SYS32,
  userApps,
} from './catalog.ts';
import { defendConnection, defendConnectionAccepted, defendProcessStart } from './defend.ts';
import { spawnWith, SYSTEM, type Host, type Proc } from './fleet.ts';
import { connectionAllowed, logon, processCreation } from './security.ts';
import {
  dnsQuery,
  fileCreate,
  imageLoad,
  networkConnect,
  processAccess,
  processCreate,
  processTerminate,
  registrySet,
} from './sysmon.ts';
import type { World } from './world.ts';

export type Story = (w: World, host: Host, t: number) => void;

/** A process start as every source on the host records it. */
export function started(w: World, host: Host, t: number, p: Proc): void {
  w.emit(t, processCreate(host, t, p));
  w.emit(t + 2, processCreation(host, t + 2, p, w.nextLogonId()));
  if (host.defend) w.emit(t + 1, defendProcessStart(host, t + 1, p, w.nextDefendSequence()));
}

const fill = (w: World, host: Host, template: string) =>
  template
    .replace(/%USER%/g, host.owner.name)
    .replace(/%SID%/g, host.owner.sid)
    .replace(/%HEX%/g, () => w.rng.hex(8).toUpperCase());

const appLaunch: Story = (w, host, t) => {
  const parent = host.core.explorer ?? host.core.services;
  const [exe, cmd, domains] = w.rng.pick(userApps);
  const p = spawnWith(w.rng, host, fill(w, host, exe), fill(w, host, cmd), parent.user, parent);
  started(w, host, t, p);
  let at = t + w.rng.int(20, 200);
  for (let i = w.rng.int(1, 3); i > 0; i--) {
    w.emit(at, imageLoad(host, at, p, w.rng.pick(dlls)));
    at += w.rng.int(1, 40);
  }
  if (domains.length > 0) {
    const answer = w.rng.pick(externalAddresses);
    at += w.rng.int(50, 400);
    w.emit(at, dnsQuery(host, at, p, w.rng.pick(domains), answer));
    at += w.rng.int(5, 80);
    const sourcePort = w.rng.int(49152, 65535);
    w.emit(
      at,
      networkConnect(host, at, p, {
        sourceIp: host.ip,
        sourcePort,
        destinationIp: answer,
        destinationPort: 443,
        initiated: true,
        portName: 'https',
      }),
    );
    if (host.defend) {
      const seq = w.nextDefendSequence();
      w.emit(at + 1, defendConnection(host, at + 1, p, host.ip, sourcePort, answer, 443, seq));
    }
  }
  if (w.rng.chance(0.4)) {
    at += w.rng.int(100, 5000);
    w.emit(at, fileCreate(host, at, p, fill(w, host, w.rng.pick(filePaths.slice(0, 3)))));
  }
  if (w.rng.chance(0.5)) {
    at += w.rng.int(5000, 40000);
    w.emit(at, processTerminate(host, at, p));
  }
};

const serviceTask: Story = (w, host, t) => {
  const [exe, cmd] = w.rng.pick(serviceTasks);
  const parent = exe.endsWith('WmiPrvSE.exe')
    ? host.core.dcomLaunch
    : w.rng.pick(host.core.svchosts);
  const p = spawnWith(w.rng, host, exe, cmd, SYSTEM, parent);
  started(w, host, t, p);
  const at = t + w.rng.int(30, 300);
  w.emit(at, imageLoad(host, at, p, w.rng.pick(dlls)));
  if (w.rng.chance(0.7)) {
    const end = at + w.rng.int(500, 20000);
    w.emit(end, processTerminate(host, end, p));
  }
};

const adminShell: Story = (w, host, t) => {
  const parent = host.core.explorer ?? host.core.services;
  const shell = spawnWith(
    w.rng,
    host,
    `${SYS32}\\cmd.exe`,
    '"C:\\Windows\\system32\\cmd.exe"',
    parent.user,
    parent,
  );
  started(w, host, t, shell);
  let at = t;
  for (let i = w.rng.int(1, 3); i > 0; i--) {
    at += w.rng.int(2000, 12000);
    const command = w.rng.pick(adminCommands);
    const exe = `${SYS32}\\${command.split(' ')[0]}.exe`;
    const child = spawnWith(w.rng, host, exe, command, shell.user, shell);
    started(w, host, at, child);
    const end = at + w.rng.int(100, 2500);
    w.emit(end, processTerminate(host, end, child));
  }
};

const networkLogon: Story = (w, host, t) => {
  const peer = w.rng.pick(w.hosts);
  const user = w.rng.pick(w.users);
  w.emit(t, logon(host, t, user, w.rng.chance(0.85) ? 3 : 2, peer.ip, w.nextLogonId()));
};

const smbInbound: Story = (w, host, t) => {
  // The System process (PID 4) accepting SMB: same process and direction as WinRM, other port.
  const peer = w.rng.pick(w.hosts.filter((h) => h !== host)) ?? host;
  const remotePort = w.rng.int(49152, 65535);
  const c = { inbound: true, localIp: host.ip, localPort: 445, remoteIp: peer.ip, remotePort };
  w.emit(t, connectionAllowed(host, t, host.core.system, c));
  w.emit(
    t + 3,
    networkConnect(host, t + 3, host.core.system, {
      sourceIp: peer.ip,
      sourcePort: remotePort,
      destinationIp: host.ip,
      destinationPort: 445,
      initiated: false,
      portName: 'microsoft-ds',
    }),
  );
  w.emit(t + 40, logon(host, t + 40, w.rng.pick(w.users), 3, peer.ip, w.nextLogonId()));
};

const webInbound: Story = (w, host, t) => {
  // HTTP.sys answers web requests inside the System process (PID 4): incoming HTTP to System,
  // exactly like WinRM except for the port. Only servers serve the intranet site.
  if (host.role === 'workstation') return;
  const peer = w.rng.pick(w.hosts);
  const remotePort = w.rng.int(49152, 65535);
  const port = w.rng.chance(0.5) ? 80 : 443;
  if (host.defend) {
    const c = {
      remoteIp: peer.ip,
      remotePort,
      localIp: host.ip,
      localPort: port,
      protocol: 'http',
    };
    w.emit(t, defendConnectionAccepted(host, t, host.core.system, c, w.nextDefendSequence()));
  }
  w.emit(
    t + 2,
    networkConnect(host, t + 2, host.core.system, {
      sourceIp: peer.ip,
      sourcePort: remotePort,
      destinationIp: host.ip,
      destinationPort: port,
      initiated: false,
      portName: port === 80 ? 'http' : 'https',
    }),
  );
};

const fileWrite: Story = (w, host, t) => {
  const writer = w.rng.pick([host.core.defender, host.core.explorer ?? host.core.services]);
  w.emit(t, fileCreate(host, t, writer, fill(w, host, w.rng.pick(filePaths))));
};

const registryChange: Story = (w, host, t) => {
  const [key, value] = w.rng.pick(registryKeys);
  const writer = w.rng.pick([host.core.svchosts[2], host.core.explorer ?? host.core.services]);
  w.emit(t, registrySet(host, t, writer, fill(w, host, key), value));
};

const lsassAccess: Story = (w, host, t) => {
  // Defender and svchost open lsass routinely; a classic source of noise for credential rules.
  const source = w.rng.pick([host.core.defender, host.core.svchosts[2]]);
  w.emit(t, processAccess(host, t, source, host.core.lsass, w.rng.pick(['0x1000', '0x1410'])));
};

export const benignStories: readonly (readonly [Story, number])[] = [
  [appLaunch, 30],
  [serviceTask, 25],
  [adminShell, 6],
  [networkLogon, 12],
  [smbInbound, 6],
  [webInbound, 5],
  [fileWrite, 10],
  [registryChange, 8],
  [lsassAccess, 3],
];
