// The parts every synthetic document shares, laid out the way Winlogbeat 8 and Elastic
// Defend write them (nested ECS objects). Every document says it is synthetic.
import type { Doc } from '../eql/compiled.ts';
import type { Account, Host, Proc } from './fleet.ts';

export const WINLOGBEAT_VERSION = '8.13.2';

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Sysmon's UtcTime: `2024-05-06 09:14:03.218`. */
export function sysmonTime(ms: number): string {
  return iso(ms).replace('T', ' ').replace('Z', '');
}

export function hostFields(host: Host): Doc {
  return {
    name: host.name.toLowerCase(),
    hostname: host.name.toLowerCase(),
    id: host.id,
    ip: [host.ip],
    architecture: 'x86_64',
    os: {
      type: 'windows',
      family: 'windows',
      platform: 'windows',
      name: host.os.name,
      version: host.os.version,
      build: host.os.build,
      kernel: host.os.kernel,
    },
  };
}

export function beatBase(host: Host, ts: number): Doc {
  return {
    '@timestamp': iso(ts),
    agent: {
      type: 'winlogbeat',
      version: WINLOGBEAT_VERSION,
      id: host.agentId,
      name: host.name.toLowerCase(),
    },
    ecs: { version: '8.0.0' },
    host: hostFields(host),
    labels: { synthetic: true },
    log: { level: 'information' },
  };
}

export function userFields(user: Account): Doc {
  return { name: user.name, domain: user.domain, id: user.sid };
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** Splits a Windows command line the way Winlogbeat fills process.args (quotes respected). */
export function splitArgs(commandLine: string): string[] {
  const args: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(commandLine); m; m = re.exec(commandLine)) args.push(m[1] ?? m[2]);
  return args;
}

export function processFields(p: Proc, withParent = true): Doc {
  const args = splitArgs(p.commandLine);
  const out: Doc = {
    entity_id: p.guid,
    pid: p.pid,
    executable: p.executable,
    name: p.name,
  };
  if (p.commandLine) {
    out.command_line = p.commandLine;
    out.args = args;
    out.args_count = args.length;
  }
  if (withParent && p.parent) {
    const parentArgs = splitArgs(p.parent.commandLine);
    out.parent = {
      entity_id: p.parent.guid,
      pid: p.parent.pid,
      executable: p.parent.executable,
      name: p.parent.name,
      ...(p.parent.commandLine
        ? {
            command_line: p.parent.commandLine,
            args: parentArgs,
            args_count: parentArgs.length,
          }
        : {}),
    };
  }
  return out;
}
