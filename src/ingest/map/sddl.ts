// Security descriptors (SDDL) and SID lists of Security 4670, 4817, 4907 and 4908, described
// as Winlogbeat's security pipeline does it (its "Object Policy Change and SidListDesc"
// step): `<Sd>Owner`, `<Sd>Group`, one `<Sd>DaclN` / `<Sd>SaclN` text per ACE, and
// `SidList` split into a list with `SidListDesc` beside it. The pipeline reads SDDL with
// regular expressions, not a grammar, and its results are kept as it writes them:
// - Owner and Group keep their `O:` / `G:` prefix ("O:BA"), since the prefixed text is what it
//   looks up; Group is found only when the descriptor starts with `G:`; an owner or group
//   written as a full SID is not found.
// - The DACL runs from `D:` to the last `)` of the descriptor, so a SACL after it is listed
//   among the DACL's entries too.
// - A domain SID is named by its last (up to five) digits in the domain-RID table, and is
//   null when that RID is not in it; an unknown ACE type or right is "null" in the text.
// Sources: Microsoft's SDDL, ACE-string and SID-string pages; [MS-DTYP] 2.4.2.4 and 2.5.1.

/** SDDL's two-letter SID aliases and well-known SIDs, with the names the pipeline gives them. */
const ACCOUNT_SIDS: Record<string, string> = {
  AO: 'Account operators',
  RU: 'Alias to allow previous Windows 2000',
  AN: 'Anonymous logon',
  AU: 'Authenticated users',
  BA: 'Built-in administrators',
  BG: 'Built-in guests',
  BO: 'Backup operators',
  BU: 'Built-in users',
  CA: 'Certificate server administrators',
  CG: 'Creator group',
  CO: 'Creator owner',
  DA: 'Domain administrators',
  DC: 'Domain computers',
  DD: 'Domain controllers',
  DG: 'Domain guests',
  DU: 'Domain users',
  EA: 'Enterprise administrators',
  ED: 'Enterprise domain controllers',
  WD: 'Everyone',
  PA: 'Group Policy administrators',
  IU: 'Interactively logged-on user',
  LA: 'Local administrator',
  LG: 'Local guest',
  LS: 'Local service account',
  SY: 'Local system',
  NU: 'Network logon user',
  NO: 'Network configuration operators',
  NS: 'Network service account',
  PO: 'Printer operators',
  PS: 'Personal self',
  PU: 'Power users',
  RS: 'RAS servers group',
  RD: 'Terminal server users',
  RE: 'Replicator',
  RC: 'Restricted code',
  SA: 'Schema administrators',
  SO: 'Server operators',
  SU: 'Service logon user',
  'S-1-0': 'Null Authority',
  'S-1-0-0': 'Nobody',
  'S-1-1': 'World Authority',
  'S-1-1-0': 'Everyone',
  'S-1-16-0': 'Untrusted Mandatory Level',
  'S-1-16-4096': 'Low Mandatory Level',
  'S-1-16-8192': 'Medium Mandatory Level',
  'S-1-16-8448': 'Medium Plus Mandatory Level',
  'S-1-16-12288': 'High Mandatory Level',
  'S-1-16-16384': 'System Mandatory Level',
  'S-1-16-20480': 'Protected Process Mandatory Level',
  'S-1-16-28672': 'Secure Process Mandatory Level',
  'S-1-2': 'Local Authority',
  'S-1-2-0': 'Local',
  'S-1-2-1': 'Console Logon',
  'S-1-3': 'Creator Authority',
  'S-1-3-0': 'Creator Owner',
  'S-1-3-1': 'Creator Group',
  'S-1-3-2': 'Creator Owner Server',
  'S-1-3-3': 'Creator Group Server',
  'S-1-3-4': 'Owner Rights',
  'S-1-4': 'Non-unique Authority',
  'S-1-5': 'NT Authority',
  'S-1-5-1': 'Dialup',
  'S-1-5-2': 'Network',
  'S-1-5-3': 'Batch',
  'S-1-5-4': 'Interactive',
  'S-1-5-5-X-Y': 'Logon Session',
  'S-1-5-6': 'Service',
  'S-1-5-7': 'Anonymous',
  'S-1-5-8': 'Proxy',
  'S-1-5-9': 'Enterprise Domain Controllers',
  'S-1-5-10': 'Principal Self',
  'S-1-5-11': 'Authenticated Users',
  'S-1-5-12': 'Restricted Code',
  'S-1-5-13': 'Terminal Server Users',
  'S-1-5-14': 'Remote Interactive Logon',
  'S-1-5-15': 'This Organization',
  'S-1-5-17': 'This Organization',
  'S-1-5-18': 'Local System',
  'S-1-5-19': 'NT Authority',
  'S-1-5-20': 'NT Authority',
  'S-1-5-32-544': 'Administrators',
  'S-1-5-32-545': 'Users',
  'S-1-5-32-546': 'Guests',
  'S-1-5-32-547': 'Power Users',
  'S-1-5-32-548': 'Account Operators',
  'S-1-5-32-549': 'Server Operators',
  'S-1-5-32-550': 'Print Operators',
  'S-1-5-32-551': 'Backup Operators',
  'S-1-5-32-552': 'Replicators',
  'S-1-5-32-554': 'Builtin\\Pre-Windows 2000 Compatible Access',
  'S-1-5-32-555': 'Builtin\\Remote Desktop Users',
  'S-1-5-32-556': 'Builtin\\Network Configuration Operators',
  'S-1-5-32-557': 'Builtin\\Incoming Forest Trust Builders',
  'S-1-5-32-558': 'Builtin\\Performance Monitor Users',
  'S-1-5-32-559': 'Builtin\\Performance Log Users',
  'S-1-5-32-560': 'Builtin\\Windows Authorization Access Group',
  'S-1-5-32-561': 'Builtin\\Terminal Server License Servers',
  'S-1-5-32-562': 'Builtin\\Distributed COM Users',
  'S-1-5-32-569': 'Builtin\\Cryptographic Operators',
  'S-1-5-32-573': 'Builtin\\Event Log Readers',
  'S-1-5-32-574': 'Builtin\\Certificate Service DCOM Access',
  'S-1-5-32-575': 'Builtin\\RDS Remote Access Servers',
  'S-1-5-32-576': 'Builtin\\RDS Endpoint Servers',
  'S-1-5-32-577': 'Builtin\\RDS Management Servers',
  'S-1-5-32-578': 'Builtin\\Hyper-V Administrators',
  'S-1-5-32-579': 'Builtin\\Access Control Assistance Operators',
  'S-1-5-32-580': 'Builtin\\Remote Management Users',
  'S-1-5-32-582': 'Storage Replica Administrators',
  'S-1-5-64-10': 'NTLM Authentication',
  'S-1-5-64-14': 'SChannel Authentication',
  'S-1-5-64-21': 'Digest Authentication',
  'S-1-5-80': 'NT Service',
  'S-1-5-80-0': 'All Services',
  'S-1-5-83-0': 'NT Virtual Machine\\Virtual Machines',
  'S-1-5-90-0': 'Windows Manager\\Windows Manager Group',
};

/** Relative ids of a domain's well-known accounts and groups (S-1-5-21-<domain>-<rid>). */
const DOMAIN_RIDS: Record<string, string> = {
  '498': 'Enterprise Read-only Domain Controllers',
  '500': 'Administrator',
  '501': 'Guest',
  '502': 'KRBTGT',
  '512': 'Domain Admins',
  '513': 'Domain Users',
  '514': 'Domain Guests',
  '515': 'Domain Computers',
  '516': 'Domain Controllers',
  '517': 'Cert Publishers',
  '518': 'Schema Admins',
  '519': 'Enterprise Admins',
  '520': 'Group Policy Creator Owners',
  '521': 'Read-only Domain Controllers',
  '522': 'Cloneable Domain Controllers',
  '526': 'Key Admins',
  '527': 'Enterprise Key Admins',
  '553': 'RAS and IAS Servers',
  '571': 'Allowed RODC Password Replication Group',
  '572': 'Denied RODC Password Replication Group',
};

const ACE_TYPES: Record<string, string> = {
  A: 'Access Allowed',
  D: 'Access Denied',
  OA: 'Object Access Allowed',
  OD: 'Object Access Denied',
  AU: 'System Audit',
  AL: 'System Alarm',
  OU: 'System Object Audit',
  OL: 'System Object Alarm',
  ML: 'System Mandatory Label',
  SP: 'Central Policy ID',
};

/** SDDL's two-letter access rights. */
const RIGHTS: Record<string, string> = {
  GA: 'Generic All',
  GR: 'Generic Read',
  GW: 'Generic Write',
  GX: 'Generic Execute',
  RC: 'Read Permissions',
  SD: 'Delete',
  WD: 'Modify Permissions',
  WO: 'Modify Owner',
  RP: 'Read All Properties',
  WP: 'Write All Properties',
  CC: 'Create All Child Objects',
  DC: 'Delete All Child Objects',
  LC: 'List Contents',
  SW: 'All Validated',
  LO: 'List Object',
  DT: 'Delete Subtree',
  CR: 'All Extended Rights',
  FA: 'File All Access',
  FR: 'File Generic Read',
  FX: 'FILE GENERIC EXECUTE',
  FW: 'FILE GENERIC WRITE',
  KA: 'KEY ALL ACCESS',
  KR: 'KEY READ',
  KW: 'KEY WRITE',
  KX: 'KEY EXECUTE',
};

// Rights written as a hexadecimal mask: the generic and standard bits, keyed as the pipeline
// writes them. Its Generic Write is 0x4000000 (bit 26), not 0x40000000, and is kept so.
const PERMS_FLAGS: readonly (readonly [string, string])[] = [
  ['0x80000000', 'Generic Read'],
  ['0x4000000', 'Generic Write'],
  ['0x20000000', 'Generic Execute'],
  ['0x10000000', 'Generic All'],
  ['0x02000000', 'Maximum Allowed'],
  ['0x01000000', 'Access System Security'],
  ['0x00100000', 'Syncronize'],
  ['0x00080000', 'Write Owner'],
  ['0x00040000', 'Write DACL'],
  ['0x00020000', 'Read Control'],
  ['0x00010000', 'Delete'],
];

/** Java's String.hashCode. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

// Elasticsearch parses script params into a java.util.HashMap, and the pipeline walks its
// entrySet(), so the names come in the hash table's order (16 buckets for 11 keys, ties in
// document order), not in the order the pipeline lists them.
const MASK_BITS: readonly (readonly [bigint, string])[] = PERMS_FLAGS.map(
  ([key, name], position) => {
    const h = javaHash(key);
    return { bucket: (h ^ (h >>> 16)) & 15, position, bit: BigInt(key), name };
  },
)
  .sort((a, b) => a.bucket - b.bucket || a.position - b.position)
  .map(({ bit, name }) => [bit, name] as const);

/** Accounts whose appearance in an ACE the pipeline adds to related.user. */
const RELATED_ACCOUNTS = new Set(['Administrator', 'Guest', 'KRBTGT']);

/** A SID string or alias by name; null for a domain SID whose RID has no name. */
export function sidName(sid: string): string | null {
  const known = ACCOUNT_SIDS[sid];
  if (known !== undefined) return known;
  if (!sid.startsWith('S-1-5-21')) return sid;
  const rid = /[0-9]{1,5}$/.exec(sid);
  return rid ? (DOMAIN_RIDS[rid[0]] ?? null) : sid;
}

/** The names of a hex access mask's bits, or the mask itself when none is named. */
function maskNames(mask: string): string[] | undefined {
  // Past a signed 64-bit value the pipeline's Long.decode fails, as it does on a non-number.
  if (!/^0x[0-9a-f]+$/i.test(mask) || BigInt(mask) > 0x7fffffffffffffffn) return undefined;
  const value = BigInt(mask);
  const names = MASK_BITS.filter(([bit]) => (value & bit) === bit).map(([, name]) => name);
  return names.length ? names : [mask];
}

export interface AceText {
  text: string;
  grantee: string | null;
}

/**
 * One ACE (type;flags;rights;object_guid;inherit_object_guid;account_sid, parentheses
 * removed) as "<account> :<type> ([<right>, …])"; undefined when its hex mask is not a number.
 */
export function aceText(ace: string): AceText | undefined {
  const parts = ace.split(';');
  const grantee = parts.length >= 6 ? sidName(parts[5]) : null;
  const type = ACE_TYPES[parts[0]] ?? null;
  let rights: (string | null)[] | undefined;
  if (parts.length >= 3) {
    if (parts[2].startsWith('0x')) {
      const names = maskNames(parts[2]);
      if (!names) return undefined;
      rights = names;
    } else {
      rights = (parts[2].match(/.{1,2}/g) ?? []).map((r) => RIGHTS[r] ?? null);
    }
  }
  // Java's rendering of a list and of null, as the pipeline concatenates them.
  const list = rights ? `[${rights.map(String).join(', ')}]` : 'null';
  return { text: `${String(grantee)} :${String(type)} (${list})`, grantee };
}

export interface SdFields {
  /** winlog.event_data field suffix (Owner, Group, Dacl0, Sacl0 …) and its value. */
  fields: [string, string][];
  /** Accounts for related.user. */
  related: string[];
}

const ACE = /\([^*)]*\)/g;

function aceList(part: string, kind: string, out: SdFields): boolean {
  let i = 0;
  for (const m of part.matchAll(ACE)) {
    const ace = aceText(m[0].replace(/[()]/g, ''));
    if (!ace) return false;
    out.fields.push([`${kind}${i++}`, ace.text]);
    if (ace.grantee !== null && RELATED_ACCOUNTS.has(ace.grantee)) out.related.push(ace.grantee);
  }
  return true;
}

/** The pipeline's description of one security descriptor; undefined when it cannot be read. */
export function describeSd(sddl: string): SdFields | undefined {
  const out: SdFields = { fields: [], related: [] };
  const owner = /^O:[A-Z]{2}/.exec(sddl);
  if (owner) out.fields.push(['Owner', String(sidName(owner[0]))]);
  const group = /^G:[A-Z]{2}/.exec(sddl);
  if (group) out.fields.push(['Group', String(sidName(group[0]))]);
  const dacl = /D:[A-Z]*(?:\(.*\))*/.exec(sddl);
  if (dacl && !aceList(dacl[0], 'Dacl', out)) return undefined;
  const sacl = /(?:S:[A-Z]*(?:\(.*\))*)?$/.exec(sddl);
  if (sacl && !aceList(sacl[0], 'Sacl', out)) return undefined;
  return out;
}

/**
 * SidList as Winlogbeat's pipeline splits it: on whitespace after leading blanks (a trailing
 * blank leaves an empty last entry), each described without its `%{` `}` wrapper. Elastic
 * Agent's System integration splits on single spaces only, which leaves Windows' one-SID-a-line
 * list (newline and tabs between entries) as one entry; Winlogbeat's reading is the one kept.
 */
export function sidList(raw: string): { list: string[]; desc: (string | null)[] } {
  const list = raw.replace(/^\s+/, '').split(/\s+/);
  const desc = list.map((s) => sidName(s.replace(/[%{}]/g, '')));
  return { list, desc };
}
