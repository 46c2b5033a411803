// The per-source mapping tables on real recordings (python-evtx XML of the EVTX-ATTACK-SAMPLES
// corpus): each expectation is read from the event's own data, as Winlogbeat's pipelines
// would map it.
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/ingest/index.ts';
import { get, haveShared, ingestPath, shared } from './helpers.ts';

const CORPUS = 'evtx-corpus/python-evtx-xml';

async function eventOf(file: string, code: string, pick: (d: Doc) => boolean = () => true) {
  const { docs } = await ingestPath(shared(`${CORPUS}/${file}.evtx.xml`));
  const d = docs.find((x) => get(x, 'event.code') === code && pick(x));
  if (!d) throw new Error(`${file}: no event ${code}`);
  return d;
}
const data = (d: Doc, k: string) => get(d, `winlog.event_data.${k}`) as string;

describe.runIf(haveShared(CORPUS))('mapping tables on real events', () => {
  it('Security 1102: the subject from UserData, its logon id, audit-log-cleared', async () => {
    const d = await eventOf(
      'Credential_Access__ACL_ForcePwd_SPNAdd_User_Computer_Accounts',
      '1102',
    );
    expect(get(d, 'event.action')).toBe('audit-log-cleared');
    expect(get(d, 'event.category')).toEqual(['iam']);
    expect(get(d, 'user.name')).toBe(data(d, 'SubjectUserName'));
    expect(get(d, 'user.id')).toBe(data(d, 'SubjectUserSid'));
    expect(get(d, 'winlog.logon.id')).toBe(data(d, 'SubjectLogonId'));
    expect(get(d, 'related.user')).toEqual([data(d, 'SubjectUserName')]);
  });

  it('Security 4732: the group, the member by SID, the subject as user', async () => {
    const d = await eventOf('Persistence__Network_Service_Guest_added_to_admins_4732', '4732');
    expect(get(d, 'event.action')).toBe('added-member-to-group');
    expect(get(d, 'group.name')).toBe(data(d, 'TargetUserName'));
    expect(get(d, 'group.id')).toBe(data(d, 'TargetSid'));
    expect(get(d, 'group.domain')).toBe(data(d, 'TargetDomainName'));
    expect(get(d, 'user.target.id')).toBe(data(d, 'MemberSid'));
    expect(get(d, 'user.target.group.name')).toBe(data(d, 'TargetUserName'));
    expect(get(d, 'user.name')).toBe(data(d, 'SubjectUserName'));
    expect(get(d, 'winlog.logon.id')).toBe(data(d, 'SubjectLogonId'));
    // MemberName is `-` for a local group: no placeholder target user.
    expect(data(d, 'MemberName')).toBe('-');
    expect(get(d, 'user.target.name')).toBeUndefined();
  });

  it('Security 4769: the account without its realm, the realm as domain, the port kept', async () => {
    const d = await eventOf(
      'Privilege_Escalation__samaccount_spoofing_CVE-2021-42287_CVE-2021-42278_DC_securitylogs',
      '4769',
      (x) => String(data(x, 'TargetUserName')).includes('@'),
    );
    const [account] = data(d, 'TargetUserName').split('@');
    expect(get(d, 'user.name')).toBe(account);
    expect(get(d, 'user.domain')).toBe(data(d, 'TargetDomainName'));
    expect(get(d, 'service.name')).toBe(data(d, 'ServiceName'));
    expect(get(d, 'source.port')).toBe(Number(data(d, 'IpPort')));
    expect(get(d, 'related.ip')).toEqual([get(d, 'source.ip')]);
    expect(get(d, 'winlog.event_data.TicketEncryptionTypeDescription')).toBeTypeOf('string');
  });

  it('Security 4703 (no pipeline row): event.action is the task Winlogbeat renders', async () => {
    const d = await eventOf('Privilege_Escalation__win10_4703_SeDebugPrivilege_enabled', '4703');
    expect(get(d, 'event.action')).toBe('Token Right Adjusted Events');
    expect(get(d, 'event.category')).toBeUndefined();
  });

  it('Security 4688: user.effective.* from the target account, logon id from the subject', async () => {
    const d = await eventOf(
      'Lateral_Movement__LM_4624_mimikatz_sekurlsa_pth_source_machine',
      '4688',
    );
    expect(get(d, 'user.name')).toBe(data(d, 'SubjectUserName'));
    expect(get(d, 'user.effective.id')).toBe(data(d, 'TargetUserSid'));
    expect(get(d, 'winlog.logon.id')).toBe(data(d, 'SubjectLogonId'));
    expect(get(d, 'process.parent.pid')).toBe(parseInt(data(d, 'ProcessId'), 16));
  });

  it('System 104: the log-clearing event Elastic rules query as "Log clear"', async () => {
    const d = await eventOf('Defense_Evasion__DE_104_system_log_cleared', '104');
    expect(get(d, 'event.action')).toBe('Log clear');
    expect(get(d, 'user.name')).toBe(data(d, 'SubjectUserName'));
  });

  it('Windows Defender 1116: process/start, event data names without spaces, the user', async () => {
    const d = await eventOf(
      'AutomatedTestingTools__WinDefender_Events_1117_1116_AtomicRedTeam',
      '1116',
    );
    expect(get(d, 'event.category')).toEqual(['process']);
    expect(get(d, 'event.type')).toEqual(['start']);
    expect(data(d, 'Threat_Name')).toMatch(/\S/);
    expect(data(d, 'Threat Name')).toBeUndefined();
    expect(`${get(d, 'user.domain')}\\${get(d, 'user.name')}`).toBe(data(d, 'Detection_User'));
  });

  it('PowerShell 800: the context block as process.* and powershell.*', async () => {
    const d = await eventOf('Other__emotet__exec_emotet_ps_800_get-item', '800');
    const ctx = data(d, 'param1');
    const value = (k: string) => new RegExp(`${k}=([^\\r\\n]*)`).exec(ctx)![1];
    expect(get(d, 'process.command_line')).toBe(value('HostApplication'));
    expect(get(d, 'process.entity_id')).toBe(value('HostId'));
    expect(get(d, 'process.title')).toBe(value('HostName'));
    expect(get(d, 'powershell.runspace_id')).toBe(value('RunspaceId'));
    expect(get(d, 'event.sequence')).toBe(Number(value('SequenceNumber')));
    expect(`${get(d, 'user.domain')}\\${get(d, 'user.name')}`).toBe(value('UserId'));
    expect(get(d, 'related.user')).toEqual([get(d, 'user.name')]);
  });
});
