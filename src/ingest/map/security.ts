/* eslint-disable max-lines -- one table per Security event id in the pipeline's order; splitting it would separate steps that overwrite each other */
// Security log (Microsoft-Windows-Security-Auditing, and the Eventlog provider's 1100–1108),
// after Winlogbeat's security module pipeline (x-pack/winlogbeat/module/security/ingest) and
// the same pipeline in Elastic Agent's System integration. The steps run in the pipeline's
// order, because later ones overwrite earlier ones (4648: user.* first from the target, then
// from the subject). Values are copied as Winlogbeat copies them, `-` included where it does.
// Rows and steps from the newer System integration (5136–5158, 5379–5382) are added; the
// Windows Filtering Platform's addresses (mapWfp) are Sequent's own.
import { present, toNumber } from '../values.ts';
import type { EcsBuilder } from './builder.ts';
import { mapping, type Mapping } from './mapping.ts';
import { describeSd, sidList } from './sddl.ts';
import { mapWfp } from './wfp.ts';
import {
  ACCESS_MASK,
  auditSubcategory,
  ENCRYPTION_TYPES,
  flagNames,
  hexKey,
  kerberosStatus,
  LOGON_STATUS,
  LOGON_TYPES,
  messageText,
  messageTexts,
  SERVICE_TYPES,
  TICKET_OPTIONS,
  TRUST_ATTRIBUTES,
  TRUST_DIRECTIONS,
  TRUST_TYPES,
  UAC_FLAGS,
} from './security-codes.ts';

const M = mapping;
const IAM = ['iam'];
const IAM_CONFIG = ['iam', 'configuration'];
const CONFIG = ['configuration'];
const AUTH = ['authentication'];

export const SECURITY: Record<number, Mapping> = {
  1100: M(['process'], ['end'], 'logging-service-shutdown'),
  1102: M(IAM, ['admin', 'change'], 'audit-log-cleared'),
  1104: M(IAM, ['admin'], 'logging-full'),
  1105: M(IAM, ['admin'], 'auditlog-archieved'),
  1108: M(IAM, ['admin'], 'logging-processing-error'),
  4610: M(CONFIG, ['access'], 'authentication-package-loaded'),
  4611: M(CONFIG, ['change'], 'trusted-logon-process-registered'),
  4614: M(CONFIG, ['access'], 'notification-package-loaded'),
  4616: M(CONFIG, ['change'], 'system-time-changed'),
  4622: M(CONFIG, ['access'], 'security-package-loaded'),
  4624: M(AUTH, ['start'], 'logged-in', 'success'),
  4625: M(AUTH, ['start'], 'logon-failed', 'failure'),
  4634: M(AUTH, ['end'], 'logged-out', 'success'),
  4647: M(AUTH, ['end'], 'logged-out', 'success'),
  4648: M(AUTH, ['start'], 'logged-in-explicit', 'success'),
  4657: M(['registry', 'configuration'], ['change'], 'registry-value-modified'),
  4670: M(IAM_CONFIG, ['admin', 'change'], 'permissions-changed'),
  4672: M(IAM, ['admin'], 'logged-in-special', 'success'),
  4673: M(IAM, ['admin'], 'privileged-service-called'),
  4674: M(IAM, ['admin'], 'privileged-operation'),
  4688: M(['process'], ['start'], 'created-process', 'success'),
  4689: M(['process'], ['end'], 'exited-process', 'success'),
  4697: M(IAM_CONFIG, ['admin', 'change'], 'service-installed', 'success'),
  4698: M(IAM_CONFIG, ['creation', 'admin'], 'scheduled-task-created', 'success'),
  4699: M(IAM_CONFIG, ['deletion', 'admin'], 'scheduled-task-deleted', 'success'),
  4700: M(IAM_CONFIG, ['change', 'admin'], 'scheduled-task-enabled', 'success'),
  4701: M(IAM_CONFIG, ['change', 'admin'], 'scheduled-task-disabled', 'success'),
  4702: M(IAM_CONFIG, ['change', 'admin'], 'scheduled-task-updated', 'success'),
  4706: M(CONFIG, ['creation'], 'domain-trust-added'),
  4707: M(CONFIG, ['deletion'], 'domain-trust-removed'),
  4713: M(CONFIG, ['change'], 'kerberos-policy-changed'),
  4714: M(CONFIG, ['change'], 'encrypted-data-recovery-policy-changed'),
  4715: M(CONFIG, ['change'], 'object-audit-policy-changed'),
  4716: M(CONFIG, ['change'], 'trusted-domain-information-changed'),
  4717: M(IAM_CONFIG, ['admin', 'change'], 'system-security-access-granted'),
  4718: M(IAM_CONFIG, ['admin', 'deletion'], 'system-security-access-removed'),
  4719: M(IAM_CONFIG, ['admin', 'change'], 'changed-audit-config'),
  4720: M(IAM, ['user', 'creation'], 'added-user-account', 'success'),
  4722: M(IAM, ['user', 'change'], 'enabled-user-account'),
  4723: M(IAM, ['user', 'change'], 'changed-password'),
  4724: M(IAM, ['user', 'change'], 'reset-password'),
  4725: M(IAM, ['user', 'deletion'], 'disabled-user-account'),
  4726: M(IAM, ['user', 'deletion'], 'deleted-user-account'),
  4727: M(IAM, ['group', 'creation'], 'added-group-account'),
  4728: M(IAM, ['group', 'change'], 'added-member-to-group', 'success'),
  4729: M(IAM, ['group', 'change'], 'removed-member-from-group'),
  4730: M(IAM, ['group', 'deletion'], 'deleted-group-account'),
  4731: M(IAM, ['group', 'creation'], 'added-group-account'),
  4732: M(IAM, ['group', 'change'], 'added-member-to-group', 'success'),
  4733: M(IAM, ['group', 'change'], 'removed-member-from-group'),
  4734: M(IAM, ['group', 'deletion'], 'deleted-group-account'),
  4735: M(IAM, ['group', 'change'], 'modified-group-account'),
  4737: M(IAM, ['group', 'change'], 'modified-group-account'),
  4738: M(IAM, ['user', 'change'], 'modified-user-account'),
  4739: M(CONFIG, ['change'], 'domain-policy-changed'),
  4740: M(IAM, ['user', 'change'], 'locked-out-user-account'),
  4741: M(IAM, ['creation', 'admin'], 'added-computer-account'),
  4742: M(IAM, ['change', 'admin'], 'changed-computer-account'),
  4743: M(IAM, ['deletion', 'admin'], 'deleted-computer-account'),
  4744: M(IAM, ['group', 'creation'], 'added-distribution-group-account'),
  4745: M(IAM, ['group', 'change'], 'changed-distribution-group-account'),
  4746: M(IAM, ['group', 'change'], 'added-member-to-distribution-group'),
  4747: M(IAM, ['group', 'change'], 'removed-member-from-distribution-group'),
  4748: M(IAM, ['group', 'deletion'], 'deleted-distribution-group-account'),
  4749: M(IAM, ['group', 'creation'], 'added-distribution-group-account'),
  4750: M(IAM, ['group', 'change'], 'changed-distribution-group-account'),
  4751: M(IAM, ['group', 'change'], 'added-member-to-distribution-group'),
  4752: M(IAM, ['group', 'change'], 'removed-member-from-distribution-group'),
  4753: M(IAM, ['group', 'deletion'], 'deleted-distribution-group-account'),
  4754: M(IAM, ['group', 'creation'], 'added-group-account'),
  4755: M(IAM, ['group', 'change'], 'modified-group-account'),
  4756: M(IAM, ['group', 'change'], 'added-member-to-group'),
  4757: M(IAM, ['group', 'change'], 'removed-member-from-group'),
  4758: M(IAM, ['group', 'deletion'], 'deleted-group-account'),
  4759: M(IAM, ['group', 'creation'], 'added-distribution-group-account'),
  4760: M(IAM, ['group', 'change'], 'changed-distribution-group-account'),
  4761: M(IAM, ['group', 'change'], 'added-member-to-distribution-group'),
  4762: M(IAM, ['group', 'change'], 'removed-member-from-distribution-group'),
  4763: M(IAM, ['group', 'deletion'], 'deleted-distribution-group-account'),
  4764: M(IAM, ['group', 'change'], 'type-changed-group-account'),
  4767: M(IAM, ['user', 'change'], 'unlocked-user-account'),
  4768: M(AUTH, ['start'], 'kerberos-authentication-ticket-requested'),
  4769: M(AUTH, ['start'], 'kerberos-service-ticket-requested'),
  4770: M(AUTH, ['start'], 'kerberos-service-ticket-renewed'),
  4771: M(AUTH, ['start'], 'kerberos-preauth-failed'),
  4776: M(AUTH, ['start'], 'credential-validated'),
  4778: M(['authentication', 'session'], ['start'], 'session-reconnected'),
  4779: M(['authentication', 'session'], ['end'], 'session-disconnected'),
  4781: M(IAM, ['user', 'change'], 'renamed-user-account'),
  4798: M(IAM, ['user', 'info'], 'group-membership-enumerated'),
  4799: M(IAM, ['group', 'info'], 'user-member-enumerated'),
  4817: M(IAM_CONFIG, ['admin', 'change'], 'object-audit-changed'),
  4902: M(IAM_CONFIG, ['admin', 'creation'], 'user-audit-policy-created'),
  4904: M(IAM_CONFIG, ['admin', 'change'], 'security-event-source-added'),
  4905: M(IAM_CONFIG, ['admin', 'deletion'], 'security-event-source-removed'),
  4906: M(IAM_CONFIG, ['admin', 'change'], 'crash-on-audit-changed'),
  4907: M(IAM_CONFIG, ['admin', 'change'], 'audit-setting-changed'),
  4908: M(IAM_CONFIG, ['admin', 'change'], 'special-group-table-changed'),
  4912: M(IAM_CONFIG, ['admin', 'change'], 'per-user-audit-policy-changed'),
  4950: M(CONFIG, ['change'], 'windows-firewall-setting-changed'),
  4954: M(CONFIG, ['change'], 'windows-firewall-group-policy-changed'),
  4964: M(IAM, ['admin', 'group'], 'logged-in-special'),
  5024: M(['process'], ['start'], 'windows-firewall-service-started'),
  5025: M(['process'], ['end'], 'windows-firewall-service-stopped'),
  5033: M(['driver'], ['start'], 'windows-firewall-driver-started'),
  5034: M(['driver'], ['end'], 'windows-firewall-driver-stopped'),
  5037: M(['driver'], ['end'], 'windows-firewall-driver-error'),
  // The rows below come from the newer System integration pipeline of Elastic Agent.
  4797: M(IAM, ['user', 'info'], 'query-existence-of-blank-password'),
  5136: M(IAM_CONFIG, ['admin', 'change'], 'directory-service-object-modified'),
  5137: M(IAM_CONFIG, ['admin', 'creation'], 'directory-service-object-created'),
  5140: M(['network', 'file'], ['info', 'access'], 'network-share-object-accessed'),
  5141: M(IAM_CONFIG, ['admin', 'deletion'], 'directory-service-object-deleted'),
  5145: M(['network', 'file'], ['info', 'access'], 'network-share-object-access-checked'),
  5152: M(['network'], ['connection', 'info', 'denied'], 'windows-firewall-packet-drop', 'failure'),
  5156: M(['network'], ['connection', 'info', 'allowed'], 'windows-firewall-connection', 'success'),
  5157: M(
    ['network'],
    ['connection', 'info', 'denied'],
    'windows-firewall-packet-block',
    'failure',
  ),
  5158: M(['network'], ['info'], 'windows-firewall-bind-local-port', 'success'),
  5379: M(IAM, ['user', 'info'], 'credential-manager-credentials-were-read'),
  5380: M(IAM, ['user', 'info'], 'vault-credential-find'),
  5381: M(IAM, ['user', 'info'], 'vault-credentials-were-read'),
  5382: M(IAM, ['user', 'info'], 'vault-credentials-were-read'),
};

const ids = (...list: number[]) => new Set(list);
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

// Which events each pipeline step applies to, as the pipeline lists them.
const TARGET_USER = ids(4624, 4625, 4634, 4647, 4648, 4768, 4769, 4770, 4771, 4776, 4964);
const GROUP_MEMBER = ids(...range(4727, 4735), 4737, ...range(4744, 4764), 4799);
const SUBJECT_USER = ids(
  ...[4657, 4670, 4672, 4673, 4674, 4688, 4689, 4697, 4698, 4699, 4700, 4701, 4702],
  ...[4706, 4707, 4713, 4716, 4717, 4718, 4719, 4720, ...range(4722, 4735), 4737, 4738],
  ...[...range(4739, 4764), 4767, 4781, 4798, 4799, 4817, 4904, 4905, 4907, 4912, 4648],
  // 1102 carries its subject in UserData, which the readers merge into the event data.
  1102,
);
const TARGET_TO_TARGET = ids(4670, 4720, ...range(4722, 4726), 4738, 4740, 4767, 4798, 4817, 4907);
const TARGET_TO_EFFECTIVE = ids(4648, 4688);
const COMMON_AUTH = ids(
  ...[1100, 1102, 1104, 1105, 1108, 4624, 4648, 4625, 4670, 4673, 4674, 4689, 4697, 4719],
  ...[4720, ...range(4722, 4735), ...range(4737, 4738), ...range(4740, 4764), 4767],
  ...[4768, 4769, 4770, 4771, 4798, 4799, 4817, 4904, 4905, 4907, 4912, 5140, 5145],
);
const TARGET_RELATED = ids(4688, 4720, ...range(4722, 4726), 4738, 4740, 4767, 4798);
const PRIVILEGE_LIST = ids(4672, 4673, 4674, 4741, 4742, 4743);
const KERBEROS = ids(4768, 4769, 4770, 4771);

type Outcome = 'success' | 'failure' | undefined;
const outcomes = new Map<string, Outcome>();

/**
 * event.outcome from the audit keywords, as Winlogbeat sets it: `Audit Failure` / `Audit
 * Success` by name, or bits 52 / 53 of the mask (hex `0x8010…`, or NXLog's signed decimal).
 */
function auditOutcome(keywords: unknown): Outcome {
  const k = Array.isArray(keywords) ? keywords.join(',') : keywords;
  if (typeof k !== 'string' || !k) return undefined;
  let hit = outcomes.get(k);
  if (hit === undefined && !outcomes.has(k)) {
    hit = outcomeOf(k);
    if (outcomes.size > 64) outcomes.clear();
    outcomes.set(k, hit);
  }
  return hit;
}

function outcomeOf(k: string): Outcome {
  if (k.includes('Audit Failure')) return 'failure';
  if (k.includes('Audit Success')) return 'success';
  if (!/^(0x[0-9a-f]+|-?\d+)$/i.test(k)) return undefined;
  // A decimal mask went through a JavaScript number (JSON) and prints rounded
  // ("-9214364837600035000"): read back as that number it is exact again.
  const mask = BigInt.asUintN(64, k[1] === 'x' || k[1] === 'X' ? BigInt(k) : BigInt(Number(k)));
  if ((mask >> 52n) & 1n) return 'failure';
  if ((mask >> 53n) & 1n) return 'success';
  return undefined;
}

// `user@REALM` (Kerberos) names keep only the account, as Winlogbeat's splitOnToken("@").
const account = (name: string) => {
  const at = name.indexOf('@');
  return at < 0 ? name : name.slice(0, at);
};
const given = (v: string | undefined): v is string => v !== undefined && v !== '';
const real = (v: string | undefined): v is string => given(v) && v !== '-';

export function mapSecurity(b: EcsBuilder, id: number): void {
  const d = b.data;
  const winlog = b.doc.winlog as Record<string, unknown> | undefined;
  const outcome = auditOutcome(winlog?.keywords);
  if (outcome) b.set('event.outcome', outcome);
  decodeCodes(b, id);
  if (id === 4778 || id === 4779) session(b);
  if (TARGET_USER.has(id)) targetUser(b);
  if (GROUP_MEMBER.has(id)) groupMember(b);
  if (id >= 4741 && id <= 4743) {
    b.str('winlog.computerObject.id', 'TargetSid');
    b.str('winlog.computerObject.name', 'TargetUserName');
    b.str('winlog.computerObject.domain', 'TargetDomainName');
  }
  if (id === 4634 || id === 4647 || id === 4964) b.set('winlog.logon.id', d.TargetLogonId);
  if (SUBJECT_USER.has(id)) subjectUser(b);
  if (TARGET_TO_TARGET.has(id)) targetAs(b, 'user.target', 'TargetSid');
  if (TARGET_TO_EFFECTIVE.has(id)) targetAs(b, 'user.effective', 'TargetUserSid');
  if (given(d.SubjectLogonId)) b.set('winlog.logon.id', d.SubjectLogonId);
  if (COMMON_AUTH.has(id)) commonAuth(b);
  if (id === 4688) newProcess(b);
  if ((id === 4624 || id === 4648) && real(d.SubjectUserName)) b.related('user', d.SubjectUserName);
  if (TARGET_RELATED.has(id) && real(d.TargetUserName)) b.related('user', d.TargetUserName);
  if (given(d.OldTargetUserName)) b.set('user.target.name', d.OldTargetUserName);
  if (given(d.NewTargetUserName)) b.set('user.changes.name', d.NewTargetUserName);
  if (real(d.NewTargetUserName)) b.related('user', d.NewTargetUserName);
  if (real(d.OldTargetUserName)) b.related('user', d.OldTargetUserName);
  sourceIpRelated(b);
  if (id === 4670 || id === 4817 || id === 4907 || id === 4908) securityDescriptors(b);
  // Rewritten in place (winlog.event_data is the data read above), so after every step.
  if (PRIVILEGE_LIST.has(id) && given(d.PrivilegeList))
    b.set('winlog.event_data.PrivilegeList', d.PrivilegeList.trim().split(/\s+/));
  switch (id) {
    case 4648:
      b.str('destination.domain', 'TargetServerName');
      return;
    case 4689:
      b.num('process.exit_code', 'Status');
      return;
    case 4697:
      b.filePath('file', 'ServiceFileName');
      return;
    case 4768:
    case 4769:
      if (!outcome && present(d.Status))
        b.set('event.outcome', hexKey(d.Status) === '0x0' ? 'success' : 'failure');
      return;
    case 4776:
      b.str('source.domain', 'Workstation');
      if (!outcome && present(d.Status))
        b.set('event.outcome', hexKey(d.Status) === '0x0' ? 'success' : 'failure');
      return;
    case 5140:
    case 5145:
      subjectUser(b);
      b.str('file.share.name', 'ShareName');
      if (present(d.RelativeTargetName)) b.str('file.path', 'RelativeTargetName');
      return;
    case 5152:
    case 5156:
    case 5157:
    case 5158:
      return mapWfp(b, id);
  }
}

// The pipeline's code-table steps: descriptions next to the raw codes, winlog.logon.*. They
// run on every Security event, with or without a row in the table above (4656, 4661, 4662
// and 4663 get their AccessListDescription too).
export function decodeCodes(b: EcsBuilder, id: number): void {
  const d = b.data;
  const logonType = d.LogonType;
  if (given(logonType) && LOGON_TYPES[logonType])
    b.set('winlog.logon.type', LOGON_TYPES[logonType]);
  if (given(d.NewUacValue)) {
    const flags = flagNames(d.NewUacValue, UAC_FLAGS);
    if (flags.length) b.set('winlog.event_data.NewUACList', flags);
  }
  if (given(d.UserAccountControl)) b.set('winlog.event_data.UserAccountControl', uacList(d));
  if (given(d.TicketOptions)) {
    const opts = flagNames(d.TicketOptions, TICKET_OPTIONS);
    if (opts.length) b.set('winlog.event_data.TicketOptionsDescription', opts);
  }
  if (given(d.TicketEncryptionType))
    b.set(
      'winlog.event_data.TicketEncryptionTypeDescription',
      ENCRYPTION_TYPES[hexKey(d.TicketEncryptionType)],
    );
  if (KERBEROS.has(id) && given(d.Status))
    b.set('winlog.event_data.StatusDescription', kerberosStatus(d.Status));
  if (given(d.ServiceName)) b.set('service.name', d.ServiceName);
  if (given(d.ServiceType))
    b.set('service.type', SERVICE_TYPES[hexKey(d.ServiceType)] ?? d.ServiceType);
  if (given(d.SubcategoryGuid)) {
    const sub = auditSubcategory(d.SubcategoryGuid);
    if (sub) {
      b.set('winlog.event_data.Category', sub[1]);
      b.set('winlog.event_data.SubCategory', sub[0]);
    }
  }
  if (given(d.FailureReason)) b.set('winlog.logon.failure.reason', messageText(d.FailureReason));
  if (given(d.AuditPolicyChanges)) {
    const changes = messageTexts(d.AuditPolicyChanges, /,/);
    if (changes.length) b.set('winlog.event_data.AuditPolicyChangesDescription', changes);
  }
  if (given(d.AccessList)) {
    const access = messageTexts(d.AccessList, /\s+/);
    if (access.length) b.set('winlog.event_data.AccessListDescription', access);
  }
  if (given(d.AccessMask)) {
    const mask = flagNames(d.AccessMask, ACCESS_MASK);
    if (mask.length) b.set('winlog.event_data.AccessMaskDescription', mask);
  }
  if ((id === 4625 || id === 4776) && given(d.Status)) {
    b.set('winlog.logon.failure.status', LOGON_STATUS[hexKey(d.Status)]);
    if (given(d.SubStatus))
      b.set('winlog.logon.failure.sub_status', LOGON_STATUS[hexKey(d.SubStatus)]);
  }
  if (given(d.TdoType)) b.set('winlog.trustType', TRUST_TYPES[d.TdoType]);
  if (given(d.TdoDirection)) b.set('winlog.trustDirection', TRUST_DIRECTIONS[d.TdoDirection]);
  if (given(d.TdoAttributes)) b.set('winlog.trustAttribute', TRUST_ATTRIBUTES[d.TdoAttributes]);
}

// One flag a line, `%%` dropped: `%%2080` as "2080", a rendered flag as its text (the
// integration's pipeline).
function uacList(d: Record<string, string>): string[] {
  const out: string[] = [];
  for (const line of d.UserAccountControl.split('\n')) {
    const flag = line.replace(/%%/g, '').trim();
    if (flag) out.push(flag);
  }
  return out;
}

function session(b: EcsBuilder): void {
  const d = b.data;
  if (given(d.AccountName)) {
    b.set('user.name', d.AccountName);
    b.related('user', d.AccountName);
  }
  if (given(d.AccountDomain)) b.set('user.domain', d.AccountDomain);
  if (real(d.ClientAddress)) {
    b.set('source.ip', d.ClientAddress);
    b.related('ip', d.ClientAddress);
  }
  if (given(d.ClientName)) b.set('source.domain', d.ClientName);
  if (given(d.LogonID)) b.set('winlog.logon.id', d.LogonID);
}

// The target account becomes user.* (or user.target.* when user.* is already set).
function targetUser(b: EcsBuilder): void {
  const d = b.data;
  const id = d.TargetUserSid ?? d.TargetSid;
  if (given(id)) b.set(b.has('user.id') ? 'user.target.id' : 'user.id', id);
  if (given(d.TargetUserName)) {
    const name = account(d.TargetUserName);
    b.set(b.has('user.name') ? 'user.target.name' : 'user.name', name);
    b.related('user', name);
  }
  if (given(d.TargetDomainName))
    b.set(b.has('user.domain') ? 'user.target.domain' : 'user.domain', d.TargetDomainName);
}

// Group events: the member (a distinguished name, `CN=name,…,DC=…`) is the target user, the
// group is group.* and user.target.group.*.
function groupMember(b: EcsBuilder): void {
  const d = b.data;
  // A local group's member has no name (`-`), only its SID: no placeholder user.
  if (real(d.MemberName)) {
    const parts = d.MemberName.split(',');
    const name = parts[0].replace(/^cn=/i, '');
    b.set('user.target.name', name);
    b.related('user', name);
    // Winlogbeat takes the fourth RDN as the domain (`DC=local` of CN=x,CN=Users,DC=corp,DC=local).
    if (parts.length >= 4) b.set('user.target.domain', parts[3].replace(/^dc=/i, ''));
  }
  if (real(d.MemberSid)) b.set('user.target.id', d.MemberSid);
  if (given(d.TargetUserSid)) b.set('group.id', d.TargetUserSid);
  if (given(d.TargetSid)) b.set('group.id', d.TargetSid);
  if (given(d.TargetUserName)) b.set('group.name', d.TargetUserName);
  if (given(d.TargetDomainName)) b.set('group.domain', d.TargetDomainName.replace(/dc=/gi, ''));
  if (b.has('user.target')) {
    const group = (b.doc.group ?? {}) as Record<string, unknown>;
    b.set('user.target.group.id', group.id);
    b.set('user.target.group.name', group.name);
    b.set('user.target.group.domain', group.domain);
  }
}

function subjectUser(b: EcsBuilder): void {
  const d = b.data;
  if (given(d.SubjectUserSid)) b.set('user.id', d.SubjectUserSid);
  if (given(d.SubjectUserName)) {
    b.set('user.name', d.SubjectUserName);
    b.related('user', d.SubjectUserName);
  }
  if (given(d.SubjectDomainName)) b.set('user.domain', d.SubjectDomainName);
}

// The Target* account as user.target.* (account changes) or user.effective.* (4648, 4688).
function targetAs(b: EcsBuilder, prefix: string, sidField: string): void {
  const d = b.data;
  const sid = d[sidField];
  if (real(sid)) b.set(`${prefix}.id`, sid);
  if (real(d.TargetUserName)) {
    const name = account(d.TargetUserName);
    b.set(`${prefix}.name`, name);
    b.related('user', name);
  }
  if (real(d.TargetDomainName)) b.set(`${prefix}.domain`, d.TargetDomainName);
}

// The pipeline's "Rename Common Auth Fields": the calling process and the network source.
// Only `-` addresses and ports are left out; `-` process names and workstations stay.
function commonAuth(b: EcsBuilder): void {
  const d = b.data;
  if (given(d.ProcessId)) b.set('process.pid', toNumber(d.ProcessId));
  if (given(d.ProcessName)) b.set('process.executable', d.ProcessName);
  if (real(d.IpAddress)) b.set('source.ip', d.IpAddress);
  if (real(d.IpPort)) b.set('source.port', toNumber(d.IpPort));
  if (given(d.WorkstationName)) b.set('source.domain', d.WorkstationName);
  if (real(d.ClientAddress)) b.related('ip', d.ClientAddress);
  const exe = d.ProcessName;
  if (given(exe) && !b.has('process.name'))
    b.set('process.name', exe.slice(exe.lastIndexOf('\\') + 1));
}

function newProcess(b: EcsBuilder): void {
  const d = b.data;
  if (given(d.NewProcessId)) b.set('process.pid', toNumber(d.NewProcessId));
  if (given(d.NewProcessName)) b.executableValue('process', d.NewProcessName);
  if (given(d.ParentProcessName)) b.executableValue('process.parent', d.ParentProcessName);
  if (given(d.ProcessId)) b.set('process.parent.pid', toNumber(d.ProcessId));
  if (given(d.CommandLine)) {
    b.set('process.command_line', d.CommandLine);
    const args = argsKeepingQuotes(d.CommandLine);
    b.set('process.args', args);
    b.set('process.args_count', args.length);
  }
}

// What the pipeline's `\s` matches, told by the character code instead of a regex test per
// character: the ASCII blanks, then the few Unicode spaces.
const UNICODE_SPACES = new Set([
  0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009,
  0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]);
export const isSpaceCode = (c: number): boolean =>
  c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0xa0 && UNICODE_SPACES.has(c));

// 4688 arguments as Winlogbeat's pipeline splits them: at whitespace outside double quotes,
// the quotes kept (`"C:\x y.exe" /c` → `"C:\x y.exe"`, `/c`). Sysmon's pipeline splits like
// CommandLineToArgvW instead (see splitCommandLine).
export function argsKeepingQuotes(cmd: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < cmd.length; i++) {
    const c = cmd.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && isSpaceCode(c)) {
      out.push(cmd.slice(start, i));
      start = i + 1;
    }
  }
  out.push(cmd.slice(start));
  return out;
}

// The pipeline's SDDL step, after its related.ip one: OldSd/NewSd described field by field,
// SidList split. A descriptor it cannot read is left as written, without its fields.
function securityDescriptors(b: EcsBuilder): void {
  const d = b.data;
  for (const sd of ['OldSd', 'NewSd'] as const) {
    if (typeof d[sd] !== 'string') continue;
    const described = describeSd(d[sd]);
    if (!described) continue;
    for (const [name, text] of described.fields) b.set(`winlog.event_data.${sd}${name}`, text);
    for (const user of described.related) b.related('user', user);
  }
  if (typeof d.SidList === 'string') {
    const { list, desc } = sidList(d.SidList);
    b.set('winlog.event_data.SidList', list);
    b.set('winlog.event_data.SidListDesc', desc);
  }
}

function sourceIpRelated(b: EcsBuilder): void {
  const src = b.doc.source as Record<string, unknown> | undefined;
  const ip = src?.ip;
  if (typeof ip !== 'string' || !ip || ip === '-') return;
  const plain = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  if (plain !== ip) src!.ip = plain;
  b.related('ip', plain);
}
