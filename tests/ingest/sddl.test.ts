// Security descriptors and SID lists of 4670/4817/4907/4908, described as Winlogbeat's security
// pipeline describes them. No golden in ../shared has these events; Beats' own module fixtures
// (x-pack/winlogbeat/module/security/test/testdata, *_WindowsSrv2016) do, and their raw values
// and Winlogbeat's output for them are the first block below. Other expected values are worked
// out by hand from that pipeline's rules ("Object Policy Change and SidListDesc" step) and
// Microsoft's SDDL tables. Descriptors: the real 4670 event of the OTRF Covenant recording,
// and synthetic ones written in the format of Microsoft's SDDL and ACE-string pages.
import { describe, expect, it } from 'vitest';
import { normalizeRecord } from '../../src/ingest/index.ts';
import { aceText, describeSd, sidList, sidName } from '../../src/ingest/map/sddl.ts';
import { get, haveShared, ingestPath, shared } from './helpers.ts';

const COVENANT = 'samples/otrf/covenant_com_wsman_automation.ndjson';
const SID_HISTORY = 'evtx-corpus/evtx/Privilege_Escalation__4765_sidhistory_add_t1178.evtx';

/** A minimal Security event (Event XML, synthetic) with the given EventData. */
const security = (id: number, data: Record<string, string>) =>
  normalizeRecord(
    `<Event><System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>${id}</EventID>` +
      `<Keywords>0x8020000000000000</Keywords><Channel>Security</Channel>` +
      `<Computer>host.example</Computer><TimeCreated SystemTime="2024-01-01T00:00:00Z"/></System>` +
      `<EventData>${Object.entries(data)
        .map(([k, v]) => `<Data Name="${k}">${v}</Data>`)
        .join('')}</EventData></Event>`,
    'event-xml',
  ).doc;

const eventData = (doc: Parameters<typeof get>[0]) =>
  get(doc, 'winlog.event_data') as Record<string, unknown>;

// Raw event_data from Beats' collection/*_WindowsSrv2016.evtx.golden.json, expected values from
// its ingest/*_WindowsSrv2016.golden.json (what Winlogbeat's pipeline made of them).
describe("Winlogbeat's own 4670/4817/4907/4908 fixtures", () => {
  const ALL_RIGHTS =
    '([Create All Child Objects, Delete All Child Objects, List Contents, All Validated, ' +
    'Read All Properties, Write All Properties, Delete Subtree, List Object, ' +
    'All Extended Rights, Delete, Read Permissions, Modify Permissions, Modify Owner])';

  it('4670: a token DACL, before and after', () => {
    const d = eventData(
      security(4670, {
        OldSd: 'D:(A;;GA;;;SY)(A;;GA;;;NS)',
        NewSd:
          'D:(A;;GA;;;SY)(A;;RC;;;OW)(A;;GA;;;S-1-5-80-123231216-2592883651-3715271367-3753151631-4175906628)',
      }),
    );
    expect(d.OldSdDacl0).toBe('Local system :Access Allowed ([Generic All])');
    expect(d.OldSdDacl1).toBe('Network service account :Access Allowed ([Generic All])');
    expect(d.NewSdDacl0).toBe('Local system :Access Allowed ([Generic All])');
    expect(d.NewSdDacl1).toBe('OW :Access Allowed ([Read Permissions])');
    expect(d.NewSdDacl2).toBe(
      'S-1-5-80-123231216-2592883651-3715271367-3753151631-4175906628 :Access Allowed ([Generic All])',
    );
  });

  it('4817: a global SACL naming the domain Administrator (related.user) and RID 1000 (null)', () => {
    const doc = security(4817, {
      SubjectUserName: 'WIN-BVM4LI1L1Q6$',
      OldSd: '',
      NewSd:
        'S:(AU;SA;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;S-1-5-21-2024912787-2692429404-2351956786-500)' +
        '(AU;SA;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;S-1-5-21-2024912787-2692429404-2351956786-1000)',
    });
    const d = eventData(doc);
    expect(d.NewSdSacl0).toBe(`Administrator :System Audit ${ALL_RIGHTS}`);
    expect(d.NewSdSacl1).toBe(`null :System Audit ${ALL_RIGHTS}`);
    expect(get(doc, 'related.user')).toContain('Administrator');
    expect(Object.keys(d).filter((k) => /^OldSd./.test(k))).toEqual([]);
  });

  it('4907: a file SACL with ARAI flags', () => {
    const d = eventData(
      security(4907, { OldSd: '', NewSd: 'S:ARAI(AU;SAFA;DCLCRPCRSDWDWO;;;WD)' }),
    );
    expect(d.NewSdSacl0).toBe(
      'Everyone :System Audit ([Delete All Child Objects, List Contents, Read All Properties, ' +
        'All Extended Rights, Delete, Modify Permissions, Modify Owner])',
    );
    expect(d.NewSdSacl1).toBeUndefined();
  });

  it('4908: the special groups list, one SID per indented line', () => {
    const d = eventData(
      security(4908, { SidList: '\n\t\t%{S-1-5-32-544}\n\t\t%{S-1-5-32-123-54-65}' }),
    );
    expect(d.SidList).toEqual(['%{S-1-5-32-544}', '%{S-1-5-32-123-54-65}']);
    expect(d.SidListDesc).toEqual(['Administrators', 'S-1-5-32-123-54-65']);
  });
});

describe('SDDL as the pipeline describes it', () => {
  it('names SDDL aliases, well-known SIDs and domain RIDs; unknown domain RIDs are null', () => {
    expect(sidName('BA')).toBe('Built-in administrators');
    expect(sidName('WD')).toBe('Everyone');
    expect(sidName('S-1-5-32-544')).toBe('Administrators');
    expect(sidName('S-1-5-21-1004336348-1177238915-682003330-512')).toBe('Domain Admins');
    expect(sidName('S-1-5-21-1004336348-1177238915-682003330-1105')).toBeNull();
    // Not a domain SID and not in the table: the SID itself.
    expect(sidName('S-1-5-86-615999462-62705297-2911207457-59056572-3668589837')).toBe(
      'S-1-5-86-615999462-62705297-2911207457-59056572-3668589837',
    );
    expect(sidName('OW')).toBe('OW');
  });

  it('writes hex masks by their generic and standard bits, in Java HashMap order', () => {
    // 0x1200a9: SYNCHRONIZE | READ_CONTROL | object-specific bits (Microsoft's ACE-string example).
    expect(aceText('A;;0x1200a9;;;WD')?.text).toBe(
      'Everyone :Access Allowed ([Syncronize, Read Control])',
    );
    // GENERIC_READ | SYNCHRONIZE | WRITE_OWNER: the table lists Generic Read first, but its
    // key "0x80000000" hashes to bucket 9, after "0x00080000" (1) and "0x00100000" (2).
    expect(aceText('A;;0x80180000;;;WD')?.text).toBe(
      'Everyone :Access Allowed ([Write Owner, Syncronize, Generic Read])',
    );
    // No named bit: the mask itself.
    expect(aceText('A;;0xa9;;;WD')?.text).toBe('Everyone :Access Allowed ([0xa9])');
    // The pipeline's Generic Write is bit 26, so the real GENERIC_WRITE (bit 30) has no name.
    expect(aceText('A;;0x40000000;;;WD')?.text).toBe('Everyone :Access Allowed ([0x40000000])');
    expect(aceText('A;;0x4000000;;;WD')?.text).toBe('Everyone :Access Allowed ([Generic Write])');
  });

  it('renders unknown ACE types, rights and short ACEs as Java prints null', () => {
    expect(aceText('XA;;GAZZ;;;SY')?.text).toBe('Local system :null ([Generic All, null])');
    expect(aceText('A;')?.text).toBe('null :Access Allowed (null)');
  });

  it("Microsoft's format example O:AOG:DAD:(…): owner keeps its prefix, the group is not at the start", () => {
    const sd = describeSd('O:AOG:DAD:(A;;RPWPCCDCLCSWRCWDWOGA;;;S-1-0-0)');
    expect(sd?.fields).toEqual([
      ['Owner', 'O:AO'],
      [
        'Dacl0',
        'Nobody :Access Allowed ([Read All Properties, Write All Properties, Create All Child Objects, ' +
          'Delete All Child Objects, List Contents, All Validated, Read Permissions, ' +
          'Modify Permissions, Modify Owner, Generic All])',
      ],
    ]);
  });

  it('finds the group only at the start', () => {
    expect(describeSd('G:SYD:(A;;GA;;;BA)')?.fields).toEqual([
      ['Group', 'G:SY'],
      ['Dacl0', 'Built-in administrators :Access Allowed ([Generic All])'],
    ]);
  });

  it('lists a SACL that follows the DACL among the DACL entries too, as the pipeline does', () => {
    expect(describeSd('O:BAG:SYD:PAI(A;;FA;;;SY)S:AI(AU;SA;FA;;;WD)')?.fields).toEqual([
      ['Owner', 'O:BA'],
      ['Dacl0', 'Local system :Access Allowed ([File All Access])'],
      ['Dacl1', 'Everyone :System Audit ([File All Access])'],
      ['Sacl0', 'Everyone :System Audit ([File All Access])'],
    ]);
  });

  it('leaves malformed descriptors undescribed and never throws', () => {
    expect(describeSd('D:(A;;0xZZ;;;SY)')).toBeUndefined();
    expect(describeSd('D:(A;;0xFFFFFFFFFFFFFFFFF;;;SY)')).toBeUndefined();
    for (const junk of ['', '-', '(((', 'D:', 'S:(', 'O:', ')(;;;)(']) {
      expect(() => describeSd(junk)).not.toThrow();
    }
    expect(describeSd('-')?.fields).toEqual([]);
  });

  it('splits a SID list on whitespace, a trailing blank leaving an empty entry', () => {
    expect(sidList(' %{S-1-5-21-3457937927-2839227994-823803824-512} %{S-1-5-32-544} ')).toEqual({
      list: ['%{S-1-5-21-3457937927-2839227994-823803824-512}', '%{S-1-5-32-544}', ''],
      desc: ['Domain Admins', 'Administrators', ''],
    });
  });
});

describe('Security events with descriptors (synthetic Event XML)', () => {
  it('4670: Old/New descriptors field by field, a named domain account in related.user', () => {
    const doc = security(4670, {
      SubjectUserName: 'alice',
      OldSd: 'D:(A;;GA;;;SY)',
      NewSd: 'D:(A;;GA;;;SY)(A;;GA;;;S-1-5-21-1004336348-1177238915-682003330-500)',
    });
    expect(get(doc, 'event.action')).toBe('permissions-changed');
    const d = eventData(doc);
    expect(d.OldSd).toBe('D:(A;;GA;;;SY)');
    expect(d.OldSdDacl0).toBe('Local system :Access Allowed ([Generic All])');
    expect(d.NewSdDacl1).toBe('Administrator :Access Allowed ([Generic All])');
    expect(get(doc, 'related.user')).toContain('Administrator');
  });

  it('4907: a SACL-only descriptor gives Sacl fields only', () => {
    const d = eventData(
      security(4907, { OldSd: 'S:', NewSd: 'S:AI(AU;SA;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;WD)' }),
    );
    expect(Object.keys(d).filter((k) => k.startsWith('OldSd') && k !== 'OldSd')).toEqual([]);
    expect(d.NewSdSacl0).toBe(
      'Everyone :System Audit ([Create All Child Objects, Delete All Child Objects, List Contents, ' +
        'All Validated, Read All Properties, Write All Properties, Delete Subtree, List Object, ' +
        'All Extended Rights, Delete, Read Permissions, Modify Permissions, Modify Owner])',
    );
    expect(d.NewSdDacl0).toBeUndefined();
  });

  it('4817 and 4908 are enriched; a malformed descriptor keeps its raw text only', () => {
    const audit = eventData(
      security(4817, { OldSd: 'D:(A;;0xZZ;;;SY)', NewSd: 'S:(AU;FA;GA;;;BA)' }),
    );
    expect(audit.OldSd).toBe('D:(A;;0xZZ;;;SY)');
    expect(audit.OldSdDacl0).toBeUndefined();
    expect(audit.NewSdSacl0).toBe('Built-in administrators :System Audit ([Generic All])');
    const table = eventData(security(4908, { SidList: '%{S-1-5-32-544} %{S-1-5-18}' }));
    expect(table.SidList).toEqual(['%{S-1-5-32-544}', '%{S-1-5-18}']);
    expect(table.SidListDesc).toEqual(['Administrators', 'Local System']);
  });

  it('other event ids keep OldSd/NewSd/SidList as written', () => {
    const d = eventData(security(4663, { OldSd: 'D:(A;;GA;;;SY)', SidList: '%{S-1-5-18}' }));
    expect(d.OldSdDacl0).toBeUndefined();
    expect(d.SidList).toBe('%{S-1-5-18}');
  });
});

describe.runIf(haveShared(COVENANT))('real 4670 events (OTRF Covenant, NXLog export)', () => {
  it('describes the permission change on the svchost token', async () => {
    const docs = (await ingestPath(shared(COVENANT))).docs.filter(
      (d) => get(d, 'event.code') === '4670',
    );
    expect(docs).toHaveLength(1);
    for (const doc of docs) {
      const d = eventData(doc);
      expect(d.OldSdDacl0).toBe('Local system :Access Allowed ([Generic All])');
      expect(d.OldSdDacl1).toBe('Network service account :Access Allowed ([Generic All])');
      expect(d.OldSdOwner).toBeUndefined();
      expect(d.NewSdDacl0).toBe('Local system :Access Allowed ([Generic All])');
      expect(d.NewSdDacl1).toBe('OW :Access Allowed ([Read Permissions])');
      expect(d.NewSdDacl2).toBe(
        'S-1-5-86-615999462-62705297-2911207457-59056572-3668589837 :Access Allowed ([Generic All])',
      );
      expect(d.NewSdDacl3).toBeUndefined();
    }
  });
});

describe.runIf(haveShared(SID_HISTORY))('real 4765 (EVTX-ATTACK-SAMPLES)', () => {
  it('keeps SidList as written: the pipeline splits it only for 4670/4817/4907/4908', async () => {
    const doc = (await ingestPath(shared(SID_HISTORY))).docs.find(
      (d) => get(d, 'event.code') === '4765',
    );
    expect(doc).toBeDefined();
    expect(eventData(doc!).SidList).toBe('-');
    expect(eventData(doc!).SidListDesc).toBeUndefined();
  });
});
