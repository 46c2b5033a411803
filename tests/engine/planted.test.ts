// The built-in WinRM rules over SYNTHETIC telemetry from src/demo, split into one file per
// source (Defend, Sysmon, Security, as separate exports would be) and shuffled inside each
// file, across several collectors: the alerts must be exactly the planted sequences, each
// reported by the rule the generator says must report it, and nothing else.
import { describe, expect, it } from 'vitest';
import {
  Collector,
  Correlator,
  type QuerySpec,
  type SequenceResult,
} from '../../src/engine/index.ts';
import type { Doc } from '../../src/eql/compiled.ts';
import { compile } from '../../src/eql/index.ts';
import {
  generateTelemetry,
  plantedTruth,
  Random,
  type TelemetryOptions,
} from '../../src/demo/index.ts';
import { builtinRules, WINRM_ELASTIC_RULE_ID } from '../../src/rules/index.ts';
import { readField } from '../../src/engine/field.ts';

const options: TelemetryOptions = {
  events: 20_000,
  hosts: 12,
  seed: 'engine-planted',
  planted: 3,
  plantedSysmon: 2,
  plantedSecurity: 2,
  start: '2024-05-01T00:00:00.000Z',
};

function sourceOf(doc: Doc): number {
  const provider = String(
    readField(doc, 'event.provider') ?? readField(doc, 'winlog.provider_name') ?? '',
  );
  if (/sysmon/i.test(provider)) return 1;
  if (readField(doc, 'winlog.channel') === 'Security' || /security/i.test(provider)) return 2;
  return 0;
}

describe('built-in WinRM rules over generated telemetry', () => {
  it('report exactly the planted sequences, whatever the file split and order', () => {
    const files: Doc[][] = [[], [], []];
    for (const doc of generateTelemetry(options)) files[sourceOf(doc)].push(doc);
    // The split must be real: Defend, Sysmon and Security events each in their own file.
    expect(files.map((f) => f.length > 1000)).toEqual([true, true, true]);
    const random = new Random('shuffle');
    for (const f of files) {
      for (let i = f.length - 1; i > 0; i--) {
        const j = random.int(0, i);
        [f[i], f[j]] = [f[j], f[i]];
      }
    }
    const specs: QuerySpec[] = builtinRules().map((r) => ({
      id: r.id,
      query: compile(r.query!, { categoryField: 'event.category', timestampField: '@timestamp' }),
      size: Infinity,
    }));
    const pool = [new Collector(specs), new Collector(specs)];
    files.forEach((docs, file) =>
      docs.forEach((doc, record) => pool[record % 2].add(doc, { file, record })),
    );
    const correlator = new Correlator(specs);
    for (const c of pool) correlator.add(c.drain());
    const { outcomes } = correlator.finish();

    const found = outcomes.flatMap((o) =>
      o.results.map((r) => {
        const [network, process] = (r as SequenceResult).events as Doc[];
        return `${o.id === WINRM_ELASTIC_RULE_ID ? 'elastic' : 'sequent'} ${(r as SequenceResult).join_keys[0]} ${network['@timestamp']} ${process['@timestamp']}`;
      }),
    );
    const planted = plantedTruth(options).map(
      (p) => `${p.matchedBy} ${p.hostId} ${p.network['@timestamp']} ${p.process['@timestamp']}`,
    );
    expect(planted.length).toBe(7);
    expect(found.sort()).toEqual(planted.sort());
  });
});
