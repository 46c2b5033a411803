// WinRM activity: the planted remote-shell sequences the rules must find, and look-alikes that
// each break one thing the rules check (loopback peer, only a conhost child, an outgoing
// connection, a shell too late for maxspan, the shell on another host, PowerShell remoting
// instead of winrs), so a rule that reports them is wrong.
import type { Doc } from '../eql/compiled.ts';
import { remoteShellCommands, SYS32 } from './catalog.ts';
import { defendConnection, defendConnectionAccepted, defendProcessStart } from './defend.ts';
import { spawnWith, type Host, type Proc } from './fleet.ts';
import type { Random } from './random.ts';
import { connectionAllowed, processCreation } from './security.ts';
import { networkConnect, processCreate } from './sysmon.ts';
import type { World } from './world.ts';

/** Which telemetry records a WinRM story: Elastic Defend, Sysmon, or the Security log. */
export type Flavor = 'defend' | 'sysmon' | 'security';

export interface PlantedSequence {
  flavor: Flavor;
  /** The built-in rule that must report it: Elastic's needs Defend's `network.protocol: "http"`. */
  matchedBy: 'elastic' | 'sequent';
  hostId: string;
  hostName: string;
  sourceIp: string;
  destinationPort: number;
  /** The event that satisfies the first stage (the incoming connection). */
  network: Doc;
  /** The event that satisfies the second stage (the winrshost.exe child). */
  process: Doc;
  /** Every document of the story, in time order (the two above included). */
  docs: Doc[];
}

export interface Sink {
  emit: (ts: number, doc: Doc) => void;
  nextDefendSequence: () => number;
}

function inbound(
  s: Sink,
  flavor: Flavor,
  host: Host,
  t: number,
  remoteIp: string,
  remotePort: number,
  localPort: number,
  localIp = host.ip,
): Doc {
  const system = host.core.system;
  const doc =
    flavor === 'defend'
      ? defendConnectionAccepted(
          host,
          t,
          system,
          { remoteIp, remotePort, localIp, localPort, protocol: 'http' },
          s.nextDefendSequence(),
        )
      : flavor === 'sysmon'
        ? networkConnect(host, t, system, {
            sourceIp: remoteIp,
            sourcePort: remotePort,
            destinationIp: localIp,
            destinationPort: localPort,
            initiated: false,
          })
        : connectionAllowed(host, t, system, {
            inbound: true,
            localIp,
            localPort,
            remoteIp,
            remotePort,
          });
  s.emit(t, doc);
  return doc;
}

function start(s: Sink, flavor: Flavor, host: Host, t: number, p: Proc, logonId: number): Doc {
  const doc =
    flavor === 'defend'
      ? defendProcessStart(host, t, p, s.nextDefendSequence())
      : flavor === 'sysmon'
        ? processCreate(host, t, p)
        : processCreation(host, t, p, logonId);
  s.emit(t, doc);
  return doc;
}

function winrsHost(rng: Random, host: Host, user: Proc['user']): Proc {
  return spawnWith(
    rng,
    host,
    `${SYS32}\\winrshost.exe`,
    'C:\\Windows\\system32\\WinrsHost.exe -Embedding',
    user,
    host.core.dcomLaunch,
  );
}

function conhost(rng: Random, host: Host, parent: Proc): Proc {
  return spawnWith(
    rng,
    host,
    `${SYS32}\\conhost.exe`,
    '\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1',
    parent.user,
    parent,
  );
}

function shellChild(rng: Random, host: Host, parent: Proc): Proc {
  return spawnWith(
    rng,
    host,
    `${SYS32}\\cmd.exe`,
    rng.pick(remoteShellCommands),
    parent.user,
    parent,
  );
}

/**
 * A real winrs remote shell: the System process accepts WinRM from `attackerIp`, then
 * winrshost.exe starts a console and the command (cmd.exe) 1.5–20 s later.
 */
export function plantSequence(
  rng: Random,
  s: Sink,
  flavor: Flavor,
  host: Host,
  t: number,
  attackerIp: string,
  account: Proc['user'],
): PlantedSequence {
  const docs: Doc[] = [];
  const sink: Sink = {
    emit: (ts, doc) => {
      docs.push(doc);
      s.emit(ts, doc);
    },
    nextDefendSequence: s.nextDefendSequence,
  };
  const port = rng.chance(0.8) ? 5985 : 5986;
  const network = inbound(sink, flavor, host, t, attackerIp, rng.int(49152, 65535), port);
  const logonId = 0x3e7000 + rng.int(0, 0xfff);
  const shellHost = winrsHost(rng, host, account);
  let at = t + rng.int(300, 1200);
  start(sink, flavor, host, at, shellHost, logonId);
  at += rng.int(50, 300);
  start(sink, flavor, host, at, conhost(rng, host, shellHost), logonId);
  at += rng.int(1000, 18000);
  const shell = shellChild(rng, host, shellHost);
  const process = start(sink, flavor, host, at, shell, logonId);
  at += rng.int(20, 200);
  // The command itself, started by cmd.exe (`cmd.exe /C whoami /all` → whoami.exe /all).
  const command = shell.commandLine.slice('cmd.exe /C '.length);
  const tool = command.split(' ')[0];
  start(
    sink,
    flavor,
    host,
    at,
    spawnWith(rng, host, `${SYS32}\\${tool}.exe`, command, shell.user, shell),
    logonId,
  );
  return {
    flavor,
    matchedBy: flavor === 'defend' ? 'elastic' : 'sequent',
    hostId: host.id,
    hostName: host.name,
    sourceIp: attackerIp,
    destinationPort: port,
    network,
    process,
    docs,
  };
}

export type DecoyKind =
  'loopback' | 'conhost-only' | 'outgoing' | 'too-late' | 'other-host' | 'powershell-remoting';

/** How long a decoy can last; hosts rest this long between WinRM stories so none combine. */
export const DECOY_SPAN_MS = 100_000;

/**
 * A WinRM look-alike that neither rule may report. Returns the hosts it touched (the
 * 'other-host' decoy puts the shell on a second host).
 */
export function plantDecoy(
  w: World,
  kind: DecoyKind,
  flavor: Flavor,
  host: Host,
  other: Host,
  t: number,
): Host[] {
  const { rng } = w;
  const peer = w.hosts.find((h) => h !== host && h !== other) ?? other;
  const account = peer.owner;
  const logonId = w.nextLogonId();
  const remotePort = rng.int(49152, 65535);
  switch (kind) {
    case 'loopback': {
      // Local tooling (and RogueWinRM-style tricks) talk to the host's own listener.
      const ip = rng.chance(0.5) ? '127.0.0.1' : '::1';
      inbound(w, flavor, host, t, ip, remotePort, 5985, ip);
      const shellHost = winrsHost(rng, host, host.owner);
      start(w, flavor, host, t + 600, shellHost, logonId);
      start(w, flavor, host, t + 2500, shellChild(rng, host, shellHost), logonId);
      return [host];
    }
    case 'conhost-only': {
      inbound(w, flavor, host, t, peer.ip, remotePort, 5985);
      const shellHost = winrsHost(rng, host, account);
      start(w, flavor, host, t + 700, shellHost, logonId);
      start(w, flavor, host, t + 900, conhost(rng, host, shellHost), logonId);
      return [host];
    }
    case 'outgoing': {
      // This host runs winrs against a peer; the connection leaves, it does not arrive.
      const winrs = spawnWith(
        rng,
        host,
        `${SYS32}\\winrs.exe`,
        `winrs -r:${peer.name} ipconfig`,
        host.owner,
        host.core.explorer ?? host.core.services,
      );
      start(w, flavor, host, t, winrs, logonId);
      const localPort = rng.int(49152, 65535);
      if (flavor === 'defend') {
        const seq = w.nextDefendSequence();
        w.emit(
          t + 50,
          defendConnection(host, t + 50, winrs, host.ip, localPort, peer.ip, 5985, seq, 'http'),
        );
      } else if (flavor === 'sysmon') {
        w.emit(
          t + 50,
          networkConnect(host, t + 50, winrs, {
            sourceIp: host.ip,
            sourcePort: localPort,
            destinationIp: peer.ip,
            destinationPort: 5985,
            initiated: true,
          }),
        );
      } else {
        w.emit(
          t + 50,
          connectionAllowed(host, t + 50, winrs, {
            inbound: false,
            localIp: host.ip,
            localPort,
            remoteIp: peer.ip,
            remotePort: 5985,
          }),
        );
      }
      const shellHost = winrsHost(rng, host, host.owner);
      start(w, flavor, host, t + 3000, shellHost, logonId);
      start(w, flavor, host, t + 4000, shellChild(rng, host, shellHost), logonId);
      return [host];
    }
    case 'too-late': {
      inbound(w, flavor, host, t, peer.ip, remotePort, 5986);
      const shellHost = winrsHost(rng, host, account);
      const late = t + rng.int(35_000, 90_000);
      start(w, flavor, host, late - 500, shellHost, logonId);
      start(w, flavor, host, late, shellChild(rng, host, shellHost), logonId);
      return [host];
    }
    case 'other-host': {
      inbound(w, flavor, host, t, peer.ip, remotePort, 5985);
      const shellHost = winrsHost(rng, other, account);
      start(w, flavor, other, t + 800, shellHost, logonId);
      start(w, flavor, other, t + 4000, shellChild(rng, other, shellHost), logonId);
      return [host, other];
    }
    case 'powershell-remoting': {
      // Enter-PSSession: the same incoming WinRM connection, but wsmprovhost.exe, not winrshost.
      inbound(w, flavor, host, t, peer.ip, remotePort, 5985);
      const provider = spawnWith(
        rng,
        host,
        `${SYS32}\\wsmprovhost.exe`,
        'C:\\Windows\\system32\\wsmprovhost.exe -Embedding',
        account,
        host.core.dcomLaunch,
      );
      start(w, flavor, host, t + 900, provider, logonId);
      const child = spawnWith(
        rng,
        host,
        `${SYS32}\\whoami.exe`,
        '"C:\\Windows\\system32\\whoami.exe" /groups',
        account,
        provider,
      );
      start(w, flavor, host, t + 3000, child, logonId);
      return [host];
    }
  }
}

export const decoyKinds: readonly DecoyKind[] = [
  'loopback',
  'conhost-only',
  'outgoing',
  'too-late',
  'other-host',
  'powershell-remoting',
];
