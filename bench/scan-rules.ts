// Fifty EQL rules for the scan benchmark (SYNTHETIC rule set written for Sequent's bench, in
// Kibana export NDJSON): Sequent's built-in WinRM rules, variants of the WinRM sequence, and
// typical single-event and sequence detections over Sysmon / Security / Defend ECS fields.
import { builtinRules } from '../src/rules/index.ts';

const lolbins = [
  'certutil.exe',
  'mshta.exe',
  'regsvr32.exe',
  'rundll32.exe',
  'bitsadmin.exe',
  'wmic.exe',
  'schtasks.exe',
  'msbuild.exe',
  'installutil.exe',
  'cmstp.exe',
];
const recon = [
  'whoami.exe',
  'nltest.exe',
  'net.exe',
  'systeminfo.exe',
  'ipconfig.exe',
  'quser.exe',
];
const tools = [
  'procdump.exe',
  'mimikatz.exe',
  'rubeus.exe',
  'sharphound.exe',
  'adfind.exe',
  'rclone.exe',
  'anydesk.exe',
];
const offices = ['winword.exe', 'excel.exe', 'powerpnt.exe', 'outlook.exe'];

function queries(): string[] {
  const q: string[] = [];
  for (const [i, maxspan] of ['10s', '1m', '5m'].entries())
    q.push(
      `sequence by host.id with maxspan=${maxspan} ` +
        `[network where destination.port in (5985, 5986) and network.direction : ("incoming", "ingress")] ` +
        `[process where event.type == "start" and process.parent.name : ("winrshost.exe", "wsmprovhost.exe")${i ? ` and not process.name : "conhost.exe"` : ''}]`,
    );
  for (const bin of lolbins)
    q.push(
      `process where event.type == "start" and process.name : "${bin}" and ` +
        `process.command_line : ("*http*", "*urlcache*", "*javascript:*", "*/i:*")`,
    );
  for (const bin of recon)
    q.push(
      `sequence by host.id, user.name with maxspan=2m ` +
        `[process where event.type == "start" and process.name : "${bin}"] ` +
        `[process where event.type == "start" and process.name : ("net.exe", "net1.exe") and process.args : "group"]`,
    );
  for (const tool of tools)
    q.push(
      `process where event.type == "start" and ` +
        `(process.name : "${tool}" or process.pe.original_file_name : "${tool}")`,
    );
  for (const office of offices)
    q.push(
      `process where event.type == "start" and process.parent.name : "${office}" and ` +
        `process.name : ("cmd.exe", "powershell.exe", "wscript.exe", "cscript.exe", "mshta.exe")`,
    );
  q.push(
    'sequence by host.id with maxspan=30s [file where event.type == "creation" and file.extension : ("ps1", "vbs", "js")] [process where event.type == "start" and process.name : ("powershell.exe", "wscript.exe", "cscript.exe")]',
    'registry where registry.path : ("*\\\\CurrentVersion\\\\Run\\\\*", "*\\\\CurrentVersion\\\\RunOnce\\\\*") and not process.executable : "C:\\\\Program Files*"',
    'network where destination.port in (4444, 1337, 31337, 8443) and network.direction : ("outgoing", "egress")',
    'dns where dns.question.name : ("*.xyz", "*.top", "*.onion.*", "*.duckdns.org")',
    'library where dll.name : ("dbghelp.dll", "dbgcore.dll") and process.name : ("rundll32.exe", "powershell.exe")',
    'process where event.type == "start" and process.name : "powershell.exe" and process.args : ("-enc", "-encodedcommand", "-e")',
    'process where event.type == "start" and length(process.command_line) > 600',
    'sequence by host.id with maxspan=1m [authentication where event.code == "4624" and winlog.logon.type == "Network"] [process where event.type == "start" and process.parent.name : "services.exe" and process.name : "*.exe"]',
    'sequence by process.entity_id with maxspan=10s [process where event.type == "start" and process.name : "rundll32.exe"] [network where network.direction : ("outgoing", "egress")]',
    'file where event.type == "creation" and file.path : "C:\\\\Windows\\\\Tasks\\\\*"',
    'process where event.type == "start" and process.name : "vssadmin.exe" and process.args : ("delete", "resize")',
    'sequence by host.id with maxspan=5m [process where event.type == "start" and process.name : "psexesvc.exe"] [process where event.type == "start" and process.parent.name : "psexesvc.exe"]',
    'any where event.code in ("1102", "104")',
    'process where event.type == "start" and process.name : "reg.exe" and process.args : "save" and process.args : ("hklm\\\\sam", "hklm\\\\security", "hklm\\\\system")',
    'sequence by host.id with maxspan=1m [network where destination.port == 445 and network.direction : ("incoming", "ingress")] [file where event.type == "creation" and file.extension : "exe"]',
    'process where event.type == "start" and process.parent.name : "wmiprvse.exe" and process.name : ("cmd.exe", "powershell.exe")',
    'network where process.name : ("notepad.exe", "calc.exe") and network.direction : ("outgoing", "egress")',
    'file where file.name : ("*.kirbi", "lsass*.dmp", "ntds.dit")',
  );
  return q;
}

/** The 50 rules as Kibana export NDJSON: 2 built-in, 48 synthetic. */
export function benchRulesNdjson(): string {
  const lines = builtinRules().map((r) =>
    JSON.stringify({ ...r, rule_id: r.id, type: 'eql', language: 'eql', enabled: true }),
  );
  queries().forEach((query, i) => {
    lines.push(
      JSON.stringify({
        rule_id: `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`,
        name: `Bench rule ${i + 1} (synthetic)`,
        description: 'Synthetic rule for the scan benchmark.',
        type: 'eql',
        language: 'eql',
        query,
        severity: 'medium',
        risk_score: 47,
        enabled: true,
        max_signals: 100,
      }),
    );
  });
  if (lines.length !== 50) throw new Error(`bench rule set has ${lines.length} rules, expected 50`);
  return lines.join('\n') + '\n';
}
