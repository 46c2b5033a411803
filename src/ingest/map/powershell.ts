// PowerShell, after Winlogbeat's powershell module pipelines (powershell.yml for the classic
// "Windows PowerShell" log, powershell_operational.yml for Microsoft-Windows-PowerShell/
// Operational). Neither sets event.action: it stays the event's task, as Winlogbeat renders it.
// Both read a `Key=Value` context block (classic 400/403/600: the third data string, 800: the
// second; Operational 4103: ContextInfo, `Key = Value`) and map it the same way.
import { basename } from '../values.ts';
import type { EcsBuilder } from './builder.ts';
import { mapping, type Mapping } from './mapping.ts';

const M = mapping;
const PROCESS = ['process'];

export const POWERSHELL: Record<number, Mapping> = {
  4103: M(PROCESS, ['info'], 'Executing Pipeline'),
  4104: M(PROCESS, ['info'], 'Execute a Remote Command'),
  4105: M(PROCESS, ['start'], 'Starting Command'),
  4106: M(PROCESS, ['end'], 'Stopping Command'),
};

export const POWERSHELL_CLASSIC: Record<number, Mapping> = {
  400: M(PROCESS, ['start'], 'Engine Lifecycle'),
  403: M(PROCESS, ['end'], 'Engine Lifecycle'),
  600: M(PROCESS, ['info'], 'Provider Lifecycle'),
  800: M(PROCESS, ['info'], 'Pipeline Execution Details'),
};

// The context keys mapContext reads (and 400/403's engine state): only these are kept. The
// 800 message and its script lines hold many more `x=y` lines, each a fresh key to hash.
const CONTEXT_KEYS = new Set([
  'SequenceNumber',
  'HostId',
  'HostID',
  'HostApplication',
  'HostName',
  'UserId',
  'User',
  'ConnectedUser',
  'ShellID',
  'EngineVersion',
  'NewEngineState',
  'PreviousEngineState',
  'NewProviderState',
  'ProviderName',
  'PipelineId',
  'PipelineID',
  'RunspaceId',
  'RunspaceID',
  'HostVersion',
  'CommandLine',
  'CommandPath',
  'CommandName',
  'CommandType',
  'MessageNumber',
  'DetailSequence',
  'MessageTotal',
  'DetailTotal',
  'ScriptName',
  'Path',
]);

// `Key=Value` lines, the keys without their spaces (`Host Application` → HostApplication).
// Written as one scan, no regex: 800 and 4103 carry these blocks on every event.
function contextValues(text: string | undefined, out: Record<string, string> = {}): typeof out {
  if (!text) return out;
  let start = 0;
  // The next `=` is searched for once, not again from every line: lines without one (a
  // script's text in the message) would each search to the far end of the text.
  let eq = text.indexOf('=');
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (eq >= 0 && eq < start) eq = text.indexOf('=', start);
    if (eq > start && eq < end) {
      const key = contextKey(text, start, eq);
      if (key !== undefined && CONTEXT_KEYS.has(key)) out[key] = text.slice(eq + 1, end).trim();
    }
    start = end + 1;
  }
  return out;
}

const LONGEST_KEY = Math.max(...[...CONTEXT_KEYS].map((k) => k.length));

// The squeezed key of text[start, eq), or undefined when it has more characters than any
// context key: squeezing only drops whitespace, so a script line's long `x … =` is passed over
// without a fresh string made and hashed. A non-ASCII character (maybe whitespace) goes the
// general way.
function contextKey(text: string, start: number, eq: number): string | undefined {
  let n = 0;
  for (let i = start; i < eq; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    if (c >= 128) return squeeze(text.slice(start, eq));
    if (++n > LONGEST_KEY) return undefined;
  }
  return squeeze(text.slice(start, eq));
}

// The same few keys come back on every event (4103 writes them indented, `Host Name`): their
// squeezed form is remembered.
const squeezed = new Map<string, string>();

// A key without its whitespace; most keys have none, and are returned as they are.
function squeeze(k: string): string {
  const hit = squeezed.get(k);
  if (hit !== undefined) return hit;
  const t = k.trim();
  const key = t.indexOf(' ') < 0 && t.indexOf('\t') < 0 ? t : t.replace(/\s+/g, '');
  if (squeezed.size >= 512) squeezed.clear();
  squeezed.set(k, key);
  return key;
}

const num = (v: string | undefined) => (v && /^\d+$/.test(v) ? Number(v) : undefined);

// `DOMAIN\name` only: other forms are left out of user.*, as in the pipelines.
function splitAccount(v: string | undefined): [string, string] | undefined {
  if (!v) return undefined;
  const parts = v.split('\\');
  return parts.length === 2 ? [parts[0], parts[1]] : undefined;
}

/** The context and event data fields both pipelines map; `v` holds both, context first. */
function mapContext(b: EcsBuilder, v: Record<string, string | undefined>): void {
  b.set('event.sequence', num(v.SequenceNumber));
  b.set('process.entity_id', v.HostId ?? v.HostID);
  const host = v.HostApplication;
  if (host) {
    b.commandLineValue('process', host);
    // Not in Winlogbeat's pipeline: the executable, so process.name rules see powershell.exe.
    const exe = firstArg(host);
    if (exe) {
      b.set('process.executable', exe);
      b.set('process.name', basename(exe));
    }
  }
  b.set('process.title', v.HostName);
  const user = splitAccount(v.UserId ?? v.User);
  if (user) {
    b.set('user.domain', user[0]);
    b.set('user.name', user[1]);
    b.related('user', user[1]);
  }
  // Remoting: the connected (remote) user is the actor, the local account the destination.
  const connected = splitAccount(v.ConnectedUser);
  if (connected) {
    b.set('source.user.domain', connected[0]);
    b.set('source.user.name', connected[1]);
    b.related('user', connected[1]);
    if (user) {
      b.set('destination.user.domain', user[0]);
      b.set('destination.user.name', user[1]);
    }
    b.set('user.domain', connected[0]);
    b.set('user.name', connected[1]);
  }
  b.set('powershell.id', v.ShellID);
  b.set('powershell.engine.version', v.EngineVersion);
  b.set('powershell.engine.new_state', v.NewEngineState);
  b.set('powershell.engine.previous_state', v.PreviousEngineState);
  b.set('powershell.provider.new_state', v.NewProviderState);
  b.set('powershell.provider.name', v.ProviderName);
  b.set('powershell.pipeline_id', v.PipelineId ?? v.PipelineID);
  b.set('powershell.runspace_id', v.RunspaceId ?? v.RunspaceID);
  b.set('powershell.process.executable_version', v.HostVersion);
  b.set('powershell.command.value', v.CommandLine);
  b.set('powershell.command.path', v.CommandPath);
  b.set('powershell.command.name', v.CommandName);
  b.set('powershell.command.type', v.CommandType);
  b.set('powershell.sequence', num(v.MessageNumber ?? v.DetailSequence));
  b.set('powershell.total', num(v.MessageTotal ?? v.DetailTotal));
  const script = v.ScriptName ?? v.Path;
  if (script && script.length > 1) b.filePathValue('file', script);
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

const BINDING = /name=(.+);\s*value=(.+)$/;

// 800 / 4103 invocation details, one line each: `CommandInvocation(Get-Item): "Get-Item"`,
// `ParameterBinding(Get-Item): name="Path"; value="C:\x"` → powershell.command.invocation_details.
// Read by index, not with a `^(.+)\((.+)\):` pattern: its backtracking made long script
// lines cost quadratic time.
function invocationDetails(b: EcsBuilder, text: string | undefined): void {
  if (!text) return;
  const details = detailsOf(text);
  // Each document gets its own objects: one event's details must not change with another's.
  if (details.length) b.set('powershell.command.invocation_details', details.map(copy));
}

const copy = (d: Record<string, string>) => ({ ...d });

// A session repeats the same few pipelines (a stager's `Start-Sleep` loop): their details
// are read once. Long texts are found by length and ends, then compared whole, as argsOf does.
const detailsCache = new Map<string, { text: string; details: Array<Record<string, string>> }>();

function detailsOf(text: string): Array<Record<string, string>> {
  const key = text.length <= 256 ? text : `${text.length}:${text.slice(0, 48)}${text.slice(-48)}`;
  const hit = detailsCache.get(key);
  if (hit !== undefined && hit.text === text) return hit.details;
  const details = readDetails(text);
  if (detailsCache.size >= 256) detailsCache.clear();
  detailsCache.set(key, { text, details });
  return details;
}

function readDetails(text: string): Array<Record<string, string>> {
  const details: Array<Record<string, string>> = [];
  for (let line of text.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (!line) continue;
    const d = detail(line);
    if (!d) {
      details.push({ value: line });
      continue;
    }
    const [type, command, value] = d;
    const binding = type === 'ParameterBinding' ? BINDING.exec(value ?? '') : null;
    if (binding)
      details.push({ type, related_command: command, name: binding[1], value: binding[2] });
    else details.push({ type, related_command: command, value: value ?? '' });
  }
  return details;
}

// `Type(Command): value`, split as the greedy pattern splits it: the last `):`, and the last
// `(` at least one character before it (not the line's first character).
function detail(line: string): [string, string, string | undefined] | null {
  const close = line.lastIndexOf('):');
  if (close < 2) return null;
  const open = line.lastIndexOf('(', close - 2);
  if (open < 1) return null;
  let v = close + 2;
  while (v < line.length && WS.test(line[v])) v++;
  return [
    line.slice(0, open),
    line.slice(open + 1, close),
    v < line.length ? line.slice(v) : undefined,
  ];
}

const WS = /\s/;

export function mapPowerShell(b: EcsBuilder, id: number): void {
  const d = b.data;
  mapContext(b, id === 4103 ? Object.assign(contextValues(d.ContextInfo), d) : d);
  if (id === 4104) {
    b.set('powershell.file.script_block_id', d.ScriptBlockId);
    b.set('powershell.file.script_block_text', d.ScriptBlockText);
  }
  if (id === 4103) invocationDetails(b, d.Payload);
}

export function mapPowerShellClassic(b: EcsBuilder, id: number): void {
  const d = b.data;
  // Classic events carry unnamed data: the context block is the third string (800: the
  // second). python-evtx joins the strings into one; exports that kept only the rendered
  // message have the block there.
  const joined = d.param1?.includes('HostApplication=') ? d.param1 : undefined;
  const ctxText =
    (id === 800 ? d.param2 : d.param3) ?? d.ContextInfo ?? joined ?? b.message ?? undefined;
  const ctx = contextValues(ctxText);
  // Without the block, 400/403 still name the new and the previous engine state.
  if ((id === 400 || id === 403) && !ctx.NewEngineState) {
    if (d.param1) ctx.NewEngineState = d.param1;
    if (d.param2) ctx.PreviousEngineState = d.param2;
  }
  mapContext(b, named(d, ctx));
  if (id === 800) invocationDetails(b, d.param3);
}

// The event's own named data over `out` (param1…param3 are the unnamed strings read above).
function named(d: Record<string, string>, out: Record<string, string>): Record<string, string> {
  for (const k in d) if (d[k] !== '' && !isParam(k)) out[k] = d[k];
  return out;
}

const isParam = (k: string) => k.startsWith('param') && k.length > 5 && /^\d+$/.test(k.slice(5));
