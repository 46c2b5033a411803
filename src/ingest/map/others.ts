// System (service control manager), PowerShell (classic and Operational) and WinRM.
import { basename, present } from '../values.ts';
import type { EcsBuilder } from './builder.ts';
import { mapping, type Mapping } from './mapping.ts';

const M = mapping;

export const SYSTEM: Record<number, Mapping> = {
  7045: M(['configuration'], ['creation'], 'service-installed', 'success'),
  7036: M(['configuration'], ['change'], 'service-state-changed'),
};

export const POWERSHELL: Record<number, Mapping> = {
  4103: M(['process'], ['info'], 'Executing Pipeline'),
  4104: M(['process'], ['info'], 'Execute a Remote Command'),
};

export const POWERSHELL_CLASSIC: Record<number, Mapping> = {
  400: M(['process'], ['start'], 'Engine Lifecycle'),
  403: M(['process'], ['end'], 'Engine Lifecycle'),
  600: M(['process'], ['info'], 'Provider Lifecycle'),
  800: M(['process'], ['info'], 'Pipeline Execution Details'),
};

export const WINRM: Record<number, Mapping> = {
  6: M(['network', 'session'], ['start'], 'wsman-session-created'),
  91: M(['process', 'session'], ['start'], 'wsman-shell-created'),
  169: M(['authentication'], ['start'], 'wsman-user-authenticated', 'success'),
};

export function mapSystem(b: EcsBuilder, id: number): void {
  if (id === 7045) {
    b.str('service.name', 'ServiceName');
    b.str('service.type', 'ServiceType');
    const path = b.data.ImagePath;
    if (present(path)) b.set('winlog.event_data.ImagePath', path);
    b.account('user', 'AccountName');
  } else if (id === 7036) {
    b.str('service.name', 'param1');
    b.str('service.state', 'param2');
  }
}

// PowerShell writes its context as `Key=Value` lines (classic 400/403/800: the third data
// string) or `Key = Value` lines (4103 ContextInfo).
function contextValues(text: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!text) return out;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    out[line.slice(0, eq).trim().replace(/\s+/g, '')] = line.slice(eq + 1).trim();
  }
  return out;
}

function psContext(b: EcsBuilder, ctx: Record<string, string>): void {
  const host = ctx.HostApplication;
  if (host) {
    b.data.__HostApplication = host;
    b.commandLine('process', '__HostApplication');
    delete b.data.__HostApplication;
    const exe = firstArg(host);
    if (exe) {
      b.set('process.executable', exe);
      b.set('process.name', basename(exe));
    }
  }
  if (ctx.HostName) b.set('powershell.process.executable_version', ctx.HostVersion);
  if (ctx.HostId) b.set('powershell.id', ctx.HostId);
  if (ctx.RunspaceId) b.set('powershell.runspace_id', ctx.RunspaceId);
  if (ctx.PipelineId) b.set('powershell.pipeline_id', ctx.PipelineId);
  if (ctx.CommandName) b.set('powershell.command.name', ctx.CommandName);
  if (ctx.CommandType) b.set('powershell.command.type', ctx.CommandType);
  if (ctx.ScriptName) b.set('file.path', ctx.ScriptName);
  const user = ctx.UserId ?? ctx.User;
  if (user) {
    const i = user.indexOf('\\');
    if (i < 0) b.set('user.name', user);
    else {
      b.set('user.domain', user.slice(0, i));
      b.set('user.name', user.slice(i + 1));
    }
  }
}

function firstArg(cmd: string): string {
  const t = cmd.trim();
  if (t.startsWith('"')) {
    const e = t.indexOf('"', 1);
    return e < 0 ? t.slice(1) : t.slice(1, e);
  }
  const sp = t.search(/\s/);
  return sp < 0 ? t : t.slice(0, sp);
}

export function mapPowerShell(b: EcsBuilder, id: number): void {
  if (id === 4104) {
    b.str('powershell.file.script_block_text', 'ScriptBlockText');
    b.str('powershell.file.script_block_id', 'ScriptBlockId');
    b.filePath('file', 'Path');
    return;
  }
  if (id === 4103) {
    psContext(b, contextValues(b.data.ContextInfo));
    if (present(b.data.Payload))
      b.set('powershell.command.invocation_details_text', b.data.Payload);
  }
}

export function mapPowerShellClassic(b: EcsBuilder, id: number): void {
  const d = b.data;
  // Classic events carry unnamed data: param1 = new state (400/403) or details, and the
  // context block as the last string.
  const ctxText = d.param3 ?? d.ContextInfo ?? d.param2 ?? b.message ?? undefined;
  const ctx = contextValues(ctxText);
  if (!ctx.HostApplication && present(d.HostApplication)) ctx.HostApplication = d.HostApplication;
  psContext(b, ctx);
  if (id === 400 || id === 403) {
    if (present(d.param1)) b.set('powershell.engine.new_state', d.param1);
    if (present(d.param2)) b.set('powershell.engine.previous_state', d.param2);
  }
}

export function mapWinRM(b: EcsBuilder, id: number): void {
  if (id === 6) {
    const conn = b.data.connection;
    if (present(conn)) {
      b.set('url.original', conn);
      const host = conn.replace(/^[a-z]+:\/\//i, '').split(/[/:]/)[0];
      if (host) b.set('destination.domain', host);
    }
  } else if (id === 91) {
    b.str('winlog.event_data.resourceUri', 'resourceUri');
  } else if (id === 169) {
    b.account('user', 'username');
    b.str('winlog.event_data.authenticationMechanism', 'authenticationMechanism');
  }
}
