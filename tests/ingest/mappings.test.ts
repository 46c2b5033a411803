// Mappings of more event kinds, checked on real python-evtx XML from the corpus and on
// Elasticsearch's EQL test data (generic JSON that must pass untouched).
import { parseJsonExact } from '../../src/case/json-text.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { get, haveShared, ingestPath, shared } from './helpers.ts';

const CORPUS = 'evtx-corpus/python-evtx-xml';
const ENDGAME = 'eql-conformance/endgame_test_data.json';
const corpus = (f: string) => shared(`${CORPUS}/${f}.evtx.xml`);

describe.runIf(haveShared(CORPUS))('more mappings on real events', () => {
  it('Sysmon 13: registry.* from TargetObject and Details', async () => {
    const { docs } = await ingestPath(
      corpus('AutomatedTestingTools__Malware__DE_timestomp_and_dll_sideloading_and_RunPersist'),
    );
    const d = docs.find(
      (x) => get(x, 'event.code') === '13' && /\\Run\\/.test(String(get(x, 'registry.path'))),
    )!;
    expect(get(d, 'event.category')).toEqual(['configuration', 'registry']);
    expect(get(d, 'registry.hive')).toBe('HKU');
    expect(get(d, 'registry.value')).toBe(String(get(d, 'registry.path')).split('\\').pop());
    expect(get(d, 'registry.data.strings')).toEqual([get(d, 'winlog.event_data.Details')]);
  });

  it('Sysmon 22: dns.question.name and network.protocol dns', async () => {
    const { docs } = await ingestPath(corpus('Privilege_Escalation__Sysmon_UACME_64'));
    const d = docs.find((x) => get(x, 'event.code') === '22')!;
    expect(get(d, 'dns.question.name')).toBe(get(d, 'winlog.event_data.QueryName'));
    expect(get(d, 'network.protocol')).toBe('dns');
    expect(get(d, 'event.category')).toEqual(['network']);
  });

  it('System 7045: service installed', async () => {
    const { docs } = await ingestPath(corpus('Lateral_Movement__LM_Remote_Service02_7045'));
    const d = docs.find((x) => get(x, 'event.code') === '7045')!;
    expect(get(d, 'event.action')).toBe('service-installed');
    expect(get(d, 'service.name')).toBe(get(d, 'winlog.event_data.ServiceName'));
    expect(get(d, 'winlog.channel')).toBe('System');
  });

  it('PowerShell 4104: the script block text', async () => {
    const { docs } = await ingestPath(
      corpus('Credential_Access__Powershell_4104_MiniDumpWriteDump_Lsass'),
    );
    const d = docs.find((x) => get(x, 'event.code') === '4104')!;
    expect(get(d, 'powershell.file.script_block_text')).toBe(
      get(d, 'winlog.event_data.ScriptBlockText'),
    );
    expect(String(get(d, 'powershell.file.script_block_text')).length).toBeGreaterThan(10);
  });
});

describe.runIf(haveShared(ENDGAME))('generic JSON', () => {
  it("Elasticsearch's EQL test data passes through unchanged, as generic documents", async () => {
    // Unchanged as the case reads JSON: integers beyond 2^53 kept as their exact text.
    const expected = parseJsonExact(readFileSync(shared(ENDGAME), 'utf8')) as unknown[];
    const { docs, diag } = await ingestPath(shared(ENDGAME));
    expect(diag.source).toBe('generic');
    expect(diag.container).toBe('json array');
    expect(diag.records).toEqual({
      read: expected.length,
      mapped: 0,
      passedThrough: expected.length,
      skipped: 0,
    });
    expect(docs).toEqual(expected);
  });
});
