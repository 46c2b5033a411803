// The rest of msobjs.dll's message table that Security events insert as `%%nnnn` (4656, 4663,
// 4670, 4738…: AccessList, access reasons, UserAccountControl changes), as Winlogbeat's
// security pipeline decodes it. Windows numbers the object-specific access rights in blocks of
// 16, one code per bit of the access mask; a bit with no meaning for that object type reads
// "Undefined Access (no effect) Bit N". The tables below list only the named bits and derive
// the others, instead of spelling out some 300 "undefined" lines.

/** Access-right blocks: first code, then the names of bits 0, 1, … (the rest undefined). */
const ACCESS_BLOCKS: Array<[number, string[]]> = [
  // Directory (object manager)
  [4368, ['Query directory', 'Traverse', 'Create object in directory', 'Create sub-directory']],
  [4384, ['Query event state', 'Modify event state']],
  // File, key, mutant, port, process, profile, section, semaphore, symbolic link, thread,
  // timer, token, object type.
  [
    4416,
    [
      'ReadData (or ListDirectory)',
      'WriteData (or AddFile)',
      'AppendData (or AddSubdirectory or CreatePipeInstance)',
      'ReadEA',
      'WriteEA',
      'Execute/Traverse',
      'DeleteChild',
      'ReadAttributes',
      'WriteAttributes',
    ],
  ],
  [
    4432,
    [
      'Query key value',
      'Set key value',
      'Create sub-key',
      'Enumerate sub-keys',
      'Notify about changes to keys',
      'Create Link',
      '',
      '',
      'Enable 64(or 32) bit application to open 64 bit key',
      'Enable 64(or 32) bit application to open 32 bit key',
    ],
  ],
  [4448, ['Query mutant state']],
  [4464, ['Communicate using port']],
  [
    4480,
    [
      'Force process termination',
      'Create new thread in process',
      'Set process session ID',
      'Perform virtual memory operation',
      'Read from process memory',
      'Write to process memory',
      'Duplicate handle into or out of process',
      'Create a subprocess of process',
      'Set process quotas',
      'Set process information',
      'Query process information',
      'Set process termination port',
    ],
  ],
  [4496, ['Control profile']],
  [
    4512,
    [
      'Query section state',
      'Map section for write',
      'Map section for read',
      'Map section for execute',
      'Extend size',
    ],
  ],
  [4528, ['Query semaphore state', 'Modify semaphore state']],
  [4544, ['Use symbolic link']],
  [
    4560,
    [
      'Force thread termination',
      'Suspend or resume thread',
      'Send an alert to thread',
      'Get thread context',
      'Set thread context',
      'Set thread information',
      'Query thread information',
      'Assign a token to the thread',
      'Cause thread to directly impersonate another thread',
      'Directly impersonate this thread',
    ],
  ],
  [4576, ['Query timer state', 'Modify timer state']],
  [
    4592,
    [
      'AssignAsPrimary',
      'Duplicate',
      'Impersonate',
      'Query',
      'QuerySource',
      'AdjustPrivileges',
      'AdjustGroups',
      'AdjustDefaultDacl',
      'AdjustSessionID',
    ],
  ],
  [4608, ['Create instance of object type']],
  // ALPC channel, job object.
  [
    5120,
    [
      'Channel read message',
      'Channel write message',
      'Channel query information',
      'Channel set information',
    ],
  ],
  [
    5136,
    [
      'Assign process',
      'Set Attributes',
      'Query Attributes',
      'Terminate Job',
      'Set Security Attributes',
    ],
  ],
  // SAM server, domain, group, alias, user (MS-SAMR access masks).
  [
    5376,
    [
      'ConnectToServer',
      'ShutdownServer',
      'InitializeServer',
      'CreateDomain',
      'EnumerateDomains',
      'LookupDomain',
    ],
  ],
  [
    5392,
    [
      'ReadPasswordParameters',
      'WritePasswordParameters',
      'ReadOtherParameters',
      'WriteOtherParameters',
      'CreateUser',
      'CreateGlobalGroup',
      'CreateLocalGroup',
      'GetLocalGroupMembership',
      'ListAccounts',
      'LookupIDs',
      'AdministerServer',
    ],
  ],
  [5408, ['ReadInformation', 'WriteAccount', 'AddMember', 'RemoveMember', 'ListMembers']],
  [5424, ['AddMember', 'RemoveMember', 'ListMembers', 'ReadInformation', 'WriteAccount']],
  [
    5440,
    [
      'ReadGeneralInformation',
      'ReadPreferences',
      'WritePreferences',
      'ReadLogon',
      'ReadAccount',
      'WriteAccount',
      'ChangePassword (with knowledge of old password)',
      'SetPassword (without knowledge of old password)',
      'ListGroups',
      'ReadGroupMembership',
      'ChangeGroupMembership',
    ],
  ],
];

// Device objects name their first nine bits generically.
const DEVICE_BASE = 4352;
const DEVICE_NAMED = 9;

// UserAccountControl change inserts of 4720/4738/4742: 2048 + bit when the flag was cleared,
// 2080 + bit when set (bit 0 and bit 10 read as account enabled/disabled, unlocked/locked).
const UAC_CHANGE_NAMES = [
  '',
  'Home Directory Required',
  'Password Not Required',
  'Temp Duplicate Account',
  'Normal Account',
  'MNS Logon Account',
  'Interdomain Trust Account',
  'Workstation Trust Account',
  'Server Trust Account',
  "Don't Expire Password",
  '',
  'Encrypted Text Password Allowed',
  'Smartcard Required',
  'Trusted For Delegation',
  'Not Delegated',
  'Use DES Key Only',
  "Don't Require Preauth",
  'Password Expired',
  'Trusted To Authenticate For Delegation',
  'Exclude Authorization Information',
  '',
  'Protect Kerberos Service Tickets with AES Keys',
];

/** Named entries outside the access-right blocks. */
const SINGLE: Record<number, string> = {
  1920: 'Sunday',
  1921: 'Monday',
  1922: 'Tuesday',
  1923: 'Wednesday',
  1924: 'Thursday',
  1925: 'Friday',
  1926: 'Saturday',
  2048: 'Account Enabled',
  2058: 'Account Unlocked',
  2080: 'Account Disabled',
  2090: 'Account Locked',
  4864: 'Query State',
  4865: 'Modify State',
  5632: 'View non-sensitive policy information',
  5633: 'View system audit requirements',
  5634: 'Get sensitive policy information',
  5635: 'Modify domain trust relationships',
  5636: 'Create special accounts (for assignment of user rights)',
  5637: 'Create a secret object',
  5638: 'Create a privilege',
  5639: 'Set default quota limits',
  5640: 'Change system audit requirements',
  5641: 'Administer audit log attributes',
  5642: 'Enable/Disable LSA',
  5643: 'Lookup Names/SIDs',
  5648: 'Change secret value',
  5649: 'Query secret value',
};

function build(): Record<string, string> {
  const out: Record<string, string> = {};
  const undefinedBit = (bit: number) => `Undefined Access (no effect) Bit ${bit}`;
  for (const [base, names] of ACCESS_BLOCKS)
    for (let bit = 0; bit < 16; bit++) out[base + bit] = names[bit] || undefinedBit(bit);
  for (let bit = 0; bit < 16; bit++)
    out[DEVICE_BASE + bit] = bit < DEVICE_NAMED ? `Device Access Bit ${bit}` : undefinedBit(bit);
  for (let bit = 1; bit < 32; bit++) {
    if (bit === 10) continue;
    const name = UAC_CHANGE_NAMES[bit] || `Undefined UserAccountControl Bit ${bit}`;
    out[2048 + bit] = `${name}' - Disabled`;
    out[2080 + bit] = `${name}' - Enabled`;
  }
  for (const code in SINGLE) out[code] = SINGLE[code];
  return out;
}

/** Code (without `%%`) → message text, for the codes the hand-written table leaves out. */
export const MSOBJS_MESSAGES: Readonly<Record<string, string>> = build();
