/* eslint-disable max-lines -- code tables (logon types, status codes, ticket options, UAC flags…) are data, read side by side with the pipeline */
// The code tables Winlogbeat's security pipeline decodes Security events with: logon types,
// failure and Kerberos status codes, Kerberos ticket options and encryption types, UAC flags,
// service types, audit subcategories, trust settings and the msobjs.dll message table
// (`%%nnnn` inserts). Values from Microsoft's event documentation, named as Winlogbeat names them.

import { MSOBJS_MESSAGES } from './msobjs.ts';

/** LogonType → winlog.logon.type. */
export const LOGON_TYPES: Record<string, string> = {
  '0': 'System',
  '2': 'Interactive',
  '3': 'Network',
  '4': 'Batch',
  '5': 'Service',
  '7': 'Unlock',
  '8': 'NetworkCleartext',
  '9': 'NewCredentials',
  '10': 'RemoteInteractive',
  '11': 'CachedInteractive',
  '12': 'CachedRemoteInteractive',
  '13': 'CachedUnlock',
};

/** NTSTATUS of 4625 / 4776 → winlog.logon.failure.status / sub_status. */
export const LOGON_STATUS: Record<string, string> = {
  '0xc000005e': 'There are currently no logon servers available to service the logon request.',
  '0xc0000064': 'User logon with misspelled or bad user account',
  '0xc000006a': 'User logon with misspelled or bad password',
  '0xc000006d': 'This is either due to a bad username or authentication information',
  '0xc000006e': 'Unknown user name or bad password.',
  '0xc000006f': 'User logon outside authorized hours',
  '0xc0000070': 'User logon from unauthorized workstation',
  '0xc0000071': 'User logon with expired password',
  '0xc0000072': 'User logon to account disabled by administrator',
  '0xc00000dc': 'Indicates the Sam Server was in the wrong state to perform the desired operation.',
  '0xc0000133': 'Clocks between DC and other computer too far out of sync',
  '0xc000015b':
    'The user has not been granted the requested logon type (aka logon right) at this machine',
  '0xc000018c':
    'The logon request failed because the trust relationship between the primary domain and the trusted domain failed.',
  '0xc0000192': 'An attempt was made to logon, but the Netlogon service was not started.',
  '0xc0000193': 'User logon with expired account',
  '0xc0000224': 'User is required to change password at next logon',
  '0xc0000225': 'Evidently a bug in Windows and not a risk',
  '0xc0000234': 'User logon with account locked',
  '0xc00002ee': 'Failure Reason: An Error occurred during Logon',
  '0xc0000413':
    'Logon Failure: The machine you are logging onto is protected by an authentication firewall. The specified account is not allowed to authenticate to the machine.',
  '0xc0000371':
    'The local account store does not contain secret material for the specified account',
  '0x0': 'Status OK.',
};

/** Kerberos result codes of 4768–4771 → winlog.event_data.StatusDescription (RFC 4120 names). */
const KDC_NAMES = [
  'KDC_ERR_NONE',
  'KDC_ERR_NAME_EXP',
  'KDC_ERR_SERVICE_EXP',
  'KDC_ERR_BAD_PVNO',
  'KDC_ERR_C_OLD_MAST_KVNO',
  'KDC_ERR_S_OLD_MAST_KVNO',
  'KDC_ERR_C_PRINCIPAL_UNKNOWN',
  'KDC_ERR_S_PRINCIPAL_UNKNOWN',
  'KDC_ERR_PRINCIPAL_NOT_UNIQUE',
  'KDC_ERR_NULL_KEY',
  'KDC_ERR_CANNOT_POSTDATE',
  'KDC_ERR_NEVER_VALID',
  'KDC_ERR_POLICY',
  'KDC_ERR_BADOPTION',
  'KDC_ERR_ETYPE_NOTSUPP',
  'KDC_ERR_SUMTYPE_NOSUPP',
  'KDC_ERR_PADATA_TYPE_NOSUPP',
  'KDC_ERR_TRTYPE_NO_SUPP',
  'KDC_ERR_CLIENT_REVOKED',
  'KDC_ERR_SERVICE_REVOKED',
  'KDC_ERR_TGT_REVOKED',
  'KDC_ERR_CLIENT_NOTYET',
  'KDC_ERR_SERVICE_NOTYET',
  'KDC_ERR_KEY_EXPIRED',
  'KDC_ERR_PREAUTH_FAILED',
  'KDC_ERR_PREAUTH_REQUIRED',
  'KDC_ERR_SERVER_NOMATCH',
  'KDC_ERR_MUST_USE_USER2USER',
];
const KRB_AP_NAMES: Record<number, string> = {
  0x1f: 'KRB_AP_ERR_BAD_INTEGRITY',
  0x20: 'KRB_AP_ERR_TKT_EXPIRED',
  0x21: 'KRB_AP_ERR_TKT_NYV',
  0x22: 'KRB_AP_ERR_REPEAT',
  0x23: 'KRB_AP_ERR_NOT_US',
  0x24: 'KRB_AP_ERR_BADMATCH',
  0x25: 'KRB_AP_ERR_SKEW',
  0x26: 'KRB_AP_ERR_BADADDR',
  0x27: 'KRB_AP_ERR_BADVERSION',
  0x28: 'KRB_AP_ERR_MSG_TYPE',
  0x29: 'KRB_AP_ERR_MODIFIED',
  0x2a: 'KRB_AP_ERR_BADORDER',
  0x2c: 'KRB_AP_ERR_BADKEYVER',
  0x2d: 'KRB_AP_ERR_NOKEY',
  0x2e: 'KRB_AP_ERR_MUT_FAIL',
  0x2f: 'KRB_AP_ERR_BADDIRECTION',
  0x30: 'KRB_AP_ERR_METHOD',
  0x31: 'KRB_AP_ERR_BADSEQ',
  0x32: 'KRB_AP_ERR_INAPP_CKSUM',
  0x33: 'KRB_AP_PATH_NOT_ACCEPTED',
  0x34: 'KRB_ERR_RESPONSE_TOO_BIG',
  0x3c: 'KRB_ERR_GENERIC',
  0x3d: 'KRB_ERR_FIELD_TOOLONG',
  0x3e: 'KDC_ERR_CLIENT_NOT_TRUSTED',
  0x3f: 'KDC_ERR_KDC_NOT_TRUSTED',
  0x40: 'KDC_ERR_INVALID_SIG',
  0x41: 'KDC_ERR_KEY_TOO_WEAK',
  0x42: 'KRB_AP_ERR_USER_TO_USER_REQUIRED',
  0x43: 'KRB_AP_ERR_NO_TGT',
  0x44: 'KDC_ERR_WRONG_REALM',
};

export function kerberosStatus(code: string): string | undefined {
  const n = parseInt(code, 16);
  if (!/^0x[0-9a-f]+$/i.test(code) || Number.isNaN(n)) return undefined;
  return KDC_NAMES[n] ?? KRB_AP_NAMES[n];
}

/** TicketOptions bits (4768/4769/4770) → TicketOptionsDescription, least significant first. */
export const TICKET_OPTIONS: Array<[number, string]> = [
  [0x00000001, 'Validate'],
  [0x00000002, 'Renew'],
  [0x00000008, 'Enc-tkt-in-skey'],
  [0x00000010, 'Renewable-ok'],
  [0x00000020, 'Disable-transited-check'],
  [0x00010000, 'Name-canonicalize'],
  [0x00020000, 'Request-anonymous'],
  [0x00040000, 'Ok-as-delegate'],
  [0x00080000, 'Transited-policy-checked'],
  [0x00100000, 'Opt-hardware-auth'],
  [0x00200000, 'Pre-authent'],
  [0x00400000, 'Initial'],
  [0x00800000, 'Renewable'],
  [0x01000000, 'Invalid'],
  [0x02000000, 'Postdated'],
  [0x04000000, 'Allow-postdate'],
  [0x08000000, 'Proxy'],
  [0x10000000, 'Proxiable'],
  [0x20000000, 'Forwarded'],
  [0x40000000, 'Forwardable'],
];

/** TicketEncryptionType → TicketEncryptionTypeDescription. */
export const ENCRYPTION_TYPES: Record<string, string> = {
  '0x1': 'DES-CBC-CRC',
  '0x3': 'DES-CBC-MD5',
  '0x11': 'AES128-CTS-HMAC-SHA1-96',
  '0x12': 'AES256-CTS-HMAC-SHA1-96',
  '0x17': 'RC4-HMAC',
  '0x18': 'RC4-HMAC-EXP',
  '0xffffffff': 'FAIL',
};

/**
 * NewUacValue of 4720/4738/4742 → NewUACList. The value is SAM's USER_* account control
 * (MS-SAMR 2.2.1.12), not LDAP's userAccountControl: 0x15 is disabled, password not required,
 * normal account. Elastic's rules query these names (`USER_DONT_REQUIRE_PREAUTH`).
 */
export const UAC_FLAGS: Array<[number, string]> = [
  [0x00000001, 'USER_ACCOUNT_DISABLED'],
  [0x00000002, 'USER_HOME_DIRECTORY_REQUIRED'],
  [0x00000004, 'USER_PASSWORD_NOT_REQUIRED'],
  [0x00000008, 'USER_TEMP_DUPLICATE_ACCOUNT'],
  [0x00000010, 'USER_NORMAL_ACCOUNT'],
  [0x00000020, 'USER_MNS_LOGON_ACCOUNT'],
  [0x00000040, 'USER_INTERDOMAIN_TRUST_ACCOUNT'],
  [0x00000080, 'USER_WORKSTATION_TRUST_ACCOUNT'],
  [0x00000100, 'USER_SERVER_TRUST_ACCOUNT'],
  [0x00000200, 'USER_DONT_EXPIRE_PASSWORD'],
  [0x00000400, 'USER_ACCOUNT_AUTO_LOCKED'],
  [0x00000800, 'USER_ENCRYPTED_TEXT_PASSWORD_ALLOWED'],
  [0x00001000, 'USER_SMARTCARD_REQUIRED'],
  [0x00002000, 'USER_TRUSTED_FOR_DELEGATION'],
  [0x00004000, 'USER_NOT_DELEGATED'],
  [0x00008000, 'USER_USE_DES_KEY_ONLY'],
  [0x00010000, 'USER_DONT_REQUIRE_PREAUTH'],
  [0x00020000, 'USER_PASSWORD_EXPIRED'],
  [0x00040000, 'USER_TRUSTED_TO_AUTHENTICATE_FOR_DELEGATION'],
  [0x00080000, 'USER_NO_AUTH_DATA_REQUIRED'],
  [0x00100000, 'USER_PARTIAL_SECRETS_ACCOUNT'],
  [0x00200000, 'USER_USE_AES_KEYS'],
];

/** Directory-service AccessMask bits (4662) → AccessMaskDescription. */
export const ACCESS_MASK: Array<[number, string]> = [
  [0x00000001, 'Create Child'],
  [0x00000002, 'Delete Child'],
  [0x00000004, 'List Contents'],
  [0x00000008, 'SELF'],
  [0x00000010, 'Read Property'],
  [0x00000020, 'Write Property'],
  [0x00000040, 'Delete Treee'],
  [0x00000080, 'List Object'],
  [0x00000100, 'Control Access'],
  [0x00010000, 'DELETE'],
  [0x00020000, 'READ_CONTROL'],
  [0x00040000, 'WRITE_DAC'],
  [0x00080000, 'WRITE_OWNER'],
  [0x00100000, 'SYNCHRONIZE'],
  [0x00f00000, 'STANDARD_RIGHTS_REQUIRED'],
  [0x001f0000, 'STANDARD_RIGHTS_ALL'],
  [0x0000ffff, 'SPECIFIC_RIGHTS_ALL'],
  [0x01000000, 'ADS_RIGHT_ACCESS_SYSTEM_SECURITY'],
  [0x10000000, 'ADS_RIGHT_GENERIC_ALL'],
  [0x20000000, 'ADS_RIGHT_GENERIC_EXECUTE'],
  [0x40000000, 'ADS_RIGHT_GENERIC_WRITE'],
  [0x80000000, 'ADS_RIGHT_GENERIC_READ'],
];

/**
 * A hex code as the tables key it: python-evtx and some exports write the raw width
 * (`0x00000012`, `0xC000006D`) where Windows renders `0x12`, `0xc000006d`.
 */
export function hexKey(v: string): string {
  if (!/^0x[0-9a-f]+$/i.test(v)) return v;
  const n = parseInt(v.slice(2), 16);
  return Number.isFinite(n) ? `0x${n.toString(16)}` : v.toLowerCase();
}

/** Names of the bits set in a flag value (`0x…` or decimal), in table order. */
export function flagNames(value: string, table: Array<[number, string]>): string[] {
  const v = value.trim();
  const n = /^0x/i.test(v) ? parseInt(v.slice(2), 16) : Number(v);
  if (!Number.isFinite(n)) return [];
  const out: string[] = [];
  for (const [bit, name] of table) {
    // Unsigned 32-bit arithmetic: `&` on a JavaScript number is signed.
    if ((n & bit) >>> 0 === bit >>> 0) out.push(name);
  }
  return out;
}

/** ServiceType of 4697 → service.type. */
export const SERVICE_TYPES: Record<string, string> = {
  '0x1': 'Kernel Driver',
  '0x2': 'File System Driver',
  '0x8': 'Recognizer Driver',
  '0x10': 'Win32 Own Process',
  '0x20': 'Win32 Share Process',
  '0x110': 'Interactive Own Process',
  '0x120': 'Interactive Share Process',
};

/** 4706/4707 trust settings → winlog.trustType / trustDirection / trustAttribute. */
export const TRUST_TYPES: Record<string, string> = {
  '1': 'TRUST_TYPE_DOWNLEVEL',
  '2': 'TRUST_TYPE_UPLEVEL',
  '3': 'TRUST_TYPE_MIT',
  '4': 'TRUST_TYPE_DCE',
};
export const TRUST_DIRECTIONS: Record<string, string> = {
  '0': 'TRUST_DIRECTION_DISABLED',
  '1': 'TRUST_DIRECTION_INBOUND',
  '2': 'TRUST_DIRECTION_OUTBOUND',
  '3': 'TRUST_DIRECTION_BIDIRECTIONAL',
};
export const TRUST_ATTRIBUTES: Record<string, string> = {
  '0': 'UNDEFINED',
  '1': 'TRUST_ATTRIBUTE_NON_TRANSITIVE',
  '2': 'TRUST_ATTRIBUTE_UPLEVEL_ONLY',
  '4': 'TRUST_ATTRIBUTE_QUARANTINED_DOMAIN',
  '8': 'TRUST_ATTRIBUTE_FOREST_TRANSITIVE',
  '16': 'TRUST_ATTRIBUTE_CROSS_ORGANIZATION',
  '32': 'TRUST_ATTRIBUTE_WITHIN_FOREST',
  '64': 'TRUST_ATTRIBUTE_TREAT_AS_EXTERNAL',
  '128': 'TRUST_ATTRIBUTE_USES_RC4_ENCRYPTION',
  '512': 'TRUST_ATTRIBUTE_CROSS_ORGANIZATION_NO_TGT_DELEGATION',
  '1024': 'TRUST_ATTRIBUTE_PIM_TRUST',
};

// Audit subcategory GUIDs ({0CCE92xx-69AE-11D9-BED3-505054503030}) → [subcategory, category].
const AUDIT_SUBCATEGORIES: Record<string, [string, string]> = {
  '10': ['Security State Change', 'System'],
  '11': ['Security System Extension', 'System'],
  '12': ['System Integrity', 'System'],
  '13': ['IPsec Driver', 'System'],
  '14': ['Other System Events', 'System'],
  '15': ['Logon', 'Logon/Logoff'],
  '16': ['Logoff', 'Logon/Logoff'],
  '17': ['Account Lockout', 'Logon/Logoff'],
  '18': ['IPsec Main Mode', 'Logon/Logoff'],
  '19': ['IPsec Quick Mode', 'Logon/Logoff'],
  '1A': ['IPsec Extended Mode', 'Logon/Logoff'],
  '1B': ['Special Logon', 'Logon/Logoff'],
  '1C': ['Other Logon/Logoff Events', 'Logon/Logoff'],
  '43': ['Network Policy Server', 'Logon/Logoff'],
  '47': ['User / Device Claims', 'Logon/Logoff'],
  '1D': ['File System', 'Object Access'],
  '1E': ['Registry', 'Object Access'],
  '1F': ['Kernel Object', 'Object Access'],
  '20': ['SAM', 'Object Access'],
  '21': ['Certification Services', 'Object Access'],
  '22': ['Application Generated', 'Object Access'],
  '23': ['Handle Manipulation', 'Object Access'],
  '24': ['File Share', 'Object Access'],
  '25': ['Filtering Platform Packet Drop', 'Object Access'],
  '26': ['Filtering Platform Connection ', 'Object Access'],
  '27': ['Other Object Access Events', 'Object Access'],
  '44': ['Detailed File Share', 'Object Access'],
  '45': ['Removable Storage', 'Object Access'],
  '46': ['Central Policy Staging', 'Object Access'],
  '28': ['Sensitive Privilege Use', 'Privilege Use'],
  '29': ['Non Sensitive Privilege Use', 'Privilege Use'],
  '2A': ['Other Privilege Use Events', 'Privilege Use'],
  '2B': ['Process Creation', 'Detailed Tracking'],
  '2C': ['Process Termination', 'Detailed Tracking'],
  '2D': ['DPAPI Activity', 'Detailed Tracking'],
  '2E': ['RPC Events', 'Detailed Tracking'],
  '48': ['Plug and Play Events', 'Detailed Tracking'],
  '2F': ['Audit Policy Change', 'Policy Change'],
  '30': ['Authentication Policy Change', 'Policy Change'],
  '31': ['Authorization Policy Change', 'Policy Change'],
  '32': ['MPSSVC Rule-Level Policy Change', 'Policy Change'],
  '33': ['Filtering Platform Policy Change', 'Policy Change'],
  '34': ['Other Policy Change Events', 'Policy Change'],
  '35': ['User Account Management', 'Account Management'],
  '36': ['Computer Account Management', 'Account Management'],
  '37': ['Security Group Management', 'Account Management'],
  '38': ['Distribution Group Management', 'Account Management'],
  '39': ['Application Group Management', 'Account Management'],
  '3A': ['Other Account Management Events', 'Account Management'],
  '3B': ['Directory Service Access', 'Account Management'],
  '3C': ['Directory Service Changes', 'Account Management'],
  '3D': ['Directory Service Replication', 'Account Management'],
  '3E': ['Detailed Directory Service Replication', 'Account Management'],
  '3F': ['Credential Validation', 'Account Logon'],
  '40': ['Kerberos Service Ticket Operations', 'Account Logon'],
  '41': ['Other Account Logon Events', 'Account Logon'],
  '42': ['Kerberos Authentication Service', 'Account Logon'],
};

const SUBCATEGORY_GUID = /^\{?0CCE92([0-9A-F]{2})-69AE-11D9-BED3-505054503030\}?$/i;

/** `[subcategory, category]` of an audit SubcategoryGuid. */
export function auditSubcategory(guid: string): [string, string] | undefined {
  const m = SUBCATEGORY_GUID.exec(guid.trim());
  return m ? AUDIT_SUBCATEGORIES[m[1].toUpperCase()] : undefined;
}

// The msobjs.dll message table entries Security events insert as `%%nnnn`: access rights,
// privileges, registry and token values, logon failure reasons and audit policy changes.
const MESSAGES: Record<string, string> = {
  '1537': 'DELETE',
  '1538': 'READ_CONTROL',
  '1539': 'WRITE_DAC',
  '1540': 'WRITE_OWNER',
  '1541': 'SYNCHRONIZE',
  '1542': 'ACCESS_SYS_SEC',
  '1543': 'MAX_ALLOWED',
  '1603': 'Assign Primary Token Privilege',
  '1604': 'Lock Memory Privilege',
  '1605': 'Increase Memory Quota Privilege',
  '1606': 'Unsolicited Input Privilege',
  '1607': 'Trusted Computer Base Privilege',
  '1608': 'Security Privilege',
  '1609': 'Take Ownership Privilege',
  '1610': 'Load/Unload Driver Privilege',
  '1611': 'Profile System Privilege',
  '1612': 'Set System Time Privilege',
  '1613': 'Profile Single Process Privilege',
  '1614': 'Increment Base Priority Privilege',
  '1615': 'Create Pagefile Privilege',
  '1616': 'Create Permanent Object Privilege',
  '1617': 'Backup Privilege',
  '1618': 'Restore From Backup Privilege',
  '1619': 'Shutdown System Privilege',
  '1620': 'Debug Privilege',
  '1621': 'View or Change Audit Log Privilege',
  '1622': 'Change Hardware Environment Privilege',
  '1623': 'Change Notify (and Traverse) Privilege',
  '1624': 'Remotely Shut System Down Privilege',
  '1792': '<value changed',
  '1793': '<value not set>',
  '1794': '<never>',
  '1795': 'Enabled',
  '1796': 'Disabled',
  '1797': 'All',
  '1798': 'None',
  '1832': 'Identification',
  '1833': 'Impersonation',
  '1840': 'Delegation',
  '1842': 'Yes',
  '1843': 'No',
  '1872': 'REG_NONE',
  '1873': 'REG_SZ',
  '1874': 'REG_EXPAND_SZ',
  '1875': 'REG_BINARY',
  '1876': 'REG_DWORD',
  '1877': 'REG_DWORD_BIG_ENDIAN',
  '1878': 'REG_LINK',
  '1879': 'REG_MULTI_SZ (New lines are replaced with *. A * is replaced with **)',
  '1880': 'REG_RESOURCE_LIST',
  '1881': 'REG_FULL_RESOURCE_DESCRIPTOR',
  '1882': 'REG_RESOURCE_REQUIREMENTS_LIST',
  '1883': 'REG_QWORD',
  '1904': 'New registry value created',
  '1905': 'Existing registry value modified',
  '1906': 'Registry value deleted',
  '1936': 'TokenElevationTypeDefault (1)',
  '1937': 'TokenElevationTypeFull (2)',
  '1938': 'TokenElevationTypeLimited (3)',
  '2304': 'An Error occured during Logon.',
  '2305': 'The specified user account has expired.',
  '2306': 'The NetLogon component is not active.',
  '2307': 'Account locked out.',
  '2308': 'The user has not been granted the requested logon type at this machine.',
  '2309': "The specified account's password has expired.",
  '2310': 'Account currently disabled.',
  '2311': 'Account logon time restriction violation.',
  '2312': 'User not allowed to logon at this computer.',
  '2313': 'Unknown user name or bad password.',
  '2314': 'Domain sid inconsistent.',
  '2315': 'Smartcard logon is required and was not used.',
  '4416': 'ReadData (or ListDirectory)',
  '4417': 'WriteData (or AddFile)',
  '4418': 'AppendData (or AddSubdirectory or CreatePipeInstance)',
  '4419': 'ReadEA',
  '4420': 'WriteEA',
  '4421': 'Execute/Traverse',
  '4422': 'DeleteChild',
  '4423': 'ReadAttributes',
  '4424': 'WriteAttributes',
  '4432': 'Query key value',
  '4433': 'Set key value',
  '4434': 'Create sub-key',
  '4435': 'Enumerate sub-keys',
  '4436': 'Notify about changes to keys',
  '4437': 'Create Link',
  '8448': 'Success removed',
  '8449': 'Success Added',
  '8450': 'Failure removed',
  '8451': 'Failure added',
  '14592': 'Inbound',
  '14593': 'Outbound',
};

/**
 * A `%%nnnn` insert as its message text. Exports that already rendered the insert (Winlogbeat
 * with a newer event API, EvtxECmd) hold the text itself: it is kept as it is.
 */
export function messageText(insert: string): string | undefined {
  const s = insert.trim();
  if (!s) return undefined;
  if (!s.startsWith('%%')) return s;
  const code = s.slice(2);
  return MESSAGES[code] ?? MSOBJS_MESSAGES[code];
}

// Security's task numbers (the audit subcategories) as Windows renders them: Winlogbeat's
// event.action for Security events its pipeline has no row for (4703 → "Token Right Adjusted
// Events", which Elastic's rules query).
export const SECURITY_TASKS: Record<string, string> = {
  '12288': 'Security State Change',
  '12289': 'Security System Extension',
  '12290': 'System Integrity',
  '12291': 'IPsec Driver',
  '12292': 'Other System Events',
  '12544': 'Logon',
  '12545': 'Logoff',
  '12546': 'Account Lockout',
  '12547': 'IPsec Main Mode',
  '12548': 'Special Logon',
  '12549': 'IPsec Quick Mode',
  '12550': 'IPsec Extended Mode',
  '12551': 'Other Logon/Logoff Events',
  '12552': 'Network Policy Server',
  '12553': 'User / Device Claims',
  '12554': 'Group Membership',
  '12800': 'File System',
  '12801': 'Registry',
  '12802': 'Kernel Object',
  '12803': 'SAM',
  '12804': 'Other Object Access Events',
  '12805': 'Certification Services',
  '12806': 'Application Generated',
  '12807': 'Handle Manipulation',
  '12808': 'File Share',
  '12809': 'Filtering Platform Packet Drop',
  '12810': 'Filtering Platform Connection',
  '12811': 'Detailed File Share',
  '12812': 'Removable Storage',
  '12813': 'Central Policy Staging',
  '13056': 'Sensitive Privilege Use',
  '13057': 'Non Sensitive Privilege Use',
  '13058': 'Other Privilege Use Events',
  '13312': 'Process Creation',
  '13313': 'Process Termination',
  '13314': 'DPAPI Activity',
  '13315': 'RPC Events',
  '13316': 'Plug and Play Events',
  '13317': 'Token Right Adjusted Events',
  '13568': 'Audit Policy Change',
  '13569': 'Authentication Policy Change',
  '13570': 'Authorization Policy Change',
  '13571': 'MPSSVC Rule-Level Policy Change',
  '13572': 'Filtering Platform Policy Change',
  '13573': 'Other Policy Change Events',
  '13824': 'User Account Management',
  '13825': 'Computer Account Management',
  '13826': 'Security Group Management',
  '13827': 'Distribution Group Management',
  '13828': 'Application Group Management',
  '13829': 'Other Account Management Events',
  '14080': 'Directory Service Access',
  '14081': 'Directory Service Changes',
  '14082': 'Directory Service Replication',
  '14083': 'Detailed Directory Service Replication',
  '14336': 'Credential Validation',
  '14337': 'Kerberos Service Ticket Operations',
  '14338': 'Other Account Logon Events',
  '14339': 'Kerberos Authentication Service',
};

/** The rendered task of a Security event: the number looked up, a rendered name kept. */
export function securityTask(task: string | null): string | undefined {
  if (!task) return undefined;
  return /^\d+$/.test(task) ? SECURITY_TASKS[task] : task;
}

/** The message texts of a list of inserts (`%%1537 %%1538`, or `%%8449, %%8451`). */
export function messageTexts(value: string, separator: RegExp): string[] {
  const out: string[] = [];
  for (const part of value.split(separator)) {
    const t = messageText(part);
    if (t !== undefined) out.push(t);
  }
  return out;
}
