// `%%nnnn` access-right inserts on real Security events (python-evtx renderings in the shared
// EVTX corpus). Expected texts are the rights' documented meanings: PROCESS_VM_READ is bit 4
// of a process mask (first code 4480), DOMAIN_GET_ALIAS_MEMBERSHIP bit 7 of a SAM domain mask
// (first code 5392, MS-SAMR 2.2.1.4).
import { describe, expect, it } from 'vitest';
import { MSOBJS_MESSAGES } from '../../src/ingest/map/msobjs.ts';
import { get, haveShared, ingestPath, shared } from './helpers.ts';

const CORPUS = 'evtx-corpus/python-evtx-xml';
const LSASS = `${CORPUS}/Credential_Access__CA_hashdump_4663_4656_lsass_access.evtx.xml`;
const SAM = `${CORPUS}/Discovery__dicovery_4661_net_group_domain_admins_target.evtx.xml`;

const descriptions = async (rel: string, code: string) => {
  const { docs } = await ingestPath(shared(rel));
  return docs
    .filter((d) => String(get(d, 'winlog.event_data.AccessList') ?? '').includes(`%%${code}`))
    .map((d) => get(d, 'winlog.event_data.AccessListDescription') as string[]);
};

describe.runIf(haveShared(LSASS) && haveShared(SAM))('msobjs access-right inserts', () => {
  it('lsass access: %%4484 reads as "Read from process memory"', async () => {
    const found = await descriptions(LSASS, '4484');
    expect(found.length).toBeGreaterThan(0);
    for (const list of found) expect(list).toContain('Read from process memory');
  });

  it('SAM domain access: %%5399 reads as "GetLocalGroupMembership"', async () => {
    const found = await descriptions(SAM, '5399');
    expect(found.length).toBeGreaterThan(0);
    for (const list of found) expect(list).toContain('GetLocalGroupMembership');
  });
});

describe('msobjs table layout', () => {
  it('bits a type does not define read as undefined, numbered within their block', () => {
    // Bit 12 of a process mask and bit 9 of a device mask have no meaning.
    expect(MSOBJS_MESSAGES['4492']).toBe('Undefined Access (no effect) Bit 12');
    expect(MSOBJS_MESSAGES['4361']).toBe('Undefined Access (no effect) Bit 9');
    expect(MSOBJS_MESSAGES['4360']).toBe('Device Access Bit 8');
  });

  it('UserAccountControl change inserts: cleared at 2048 + bit, set at 2080 + bit', () => {
    expect(MSOBJS_MESSAGES['2080']).toBe('Account Disabled');
    expect(MSOBJS_MESSAGES['2048']).toBe('Account Enabled');
    // Bit 16 is DONT_REQ_PREAUTH (0x10000), the AS-REP roasting flag.
    expect(MSOBJS_MESSAGES['2096']).toBe("Don't Require Preauth' - Enabled");
    expect(MSOBJS_MESSAGES['2064']).toBe("Don't Require Preauth' - Disabled");
  });
});
