// Winlogbeat's own module fixtures: each raw event (`collection/`, what Winlogbeat reads and
// writes before its ingest pipeline) goes through Sequent's reader and mapping, and every field
// of the document Winlogbeat's pipeline made of it (`ingest/`) is compared.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/ingest/index.ts';
import { compareDocs, emptyComparison, goldenPairs, type Difference } from './golden-compare.ts';
import { haveShared, ingestPath, shared } from './helpers.ts';

const ROOT = 'winlogbeat-golden';

interface Allowed {
  field: RegExp;
  /** Only for these event codes (all when absent). */
  codes?: string[];
  /** Only for these fixtures (all when absent). */
  files?: RegExp;
  why: string;
}

// Every difference Sequent keeps from Winlogbeat's documents, and why. A difference not
// listed here fails the test; so does an entry that no longer matches any difference.
const ALLOWED: Allowed[] = [
  {
    field: /^ecs\.version$/,
    why: "Sequent writes the ECS version its tables follow (8.17.0); the older goldens carry their pipeline's 1.12.0",
  },
  { field: /^event\.ingested$/, why: 'the time Elasticsearch ingested the golden' },
  {
    field: /^(winlog\.(provider_guid|activity_id)|process\.entity_id)$/,
    why: 'GUID letter case: the collection and the older ingest fixture were recorded by Winlogbeat versions that print GUIDs in different case; Sequent keeps a GUID as read',
  },
  {
    field: /^message$/,
    codes: ['1102', '4634', '4689', '4698', '4720', '4724', '4728'],
    why: 'the two fixtures were rendered separately: the hex digits of logon ids in the message differ in case; Sequent keeps the message as read',
  },
  {
    field:
      /^winlog\.event_data\.(AccountExpires|DisplayName|HomeDirectory|HomePath|LogonHours|PasswordLastSet|ProfilePath|ScriptPath|UserParameters|UserWorkstations|UserAccountControl)$/,
    codes: ['4720'],
    why: 'the collection holds the `%%nnnn` inserts already rendered by a newer Winlogbeat ("<never>"), the older ingest fixture the raw codes ("%%1794")',
  },
  {
    field: /^event\.action$/,
    files: /sysmon-9\.01$/,
    why: 'predates ECS 8 naming: Winlogbeat 7 wrote the event\'s task ("Process Create (rule: ProcessCreate)"); 8.x writes the table\'s name ("Process creation"), as Sequent does',
  },
];

const allowedBy = (d: Difference): Allowed | undefined =>
  ALLOWED.find(
    (a) =>
      a.field.test(d.field) &&
      (!a.codes || a.codes.includes(d.code)) &&
      (!a.files || a.files.test(d.file)),
  );

describe.runIf(haveShared(ROOT))("Winlogbeat's golden ECS documents", () => {
  it('every field of every golden document is equal, or its difference is explained', async () => {
    const cmp = emptyComparison();
    for (const { module, name } of goldenPairs(shared(ROOT))) {
      const golden = JSON.parse(
        readFileSync(shared(`${ROOT}/${module}/ingest/${name}.golden.json`), 'utf8'),
      ) as Doc[];
      const { docs, diag } = await ingestPath(
        shared(`${ROOT}/${module}/collection/${name}.evtx.golden.json`),
      );
      expect(diag.source, name).toBe('winlogbeat');
      expect(docs.length, name).toBe(golden.length);
      compareDocs(`${module}/${name}`, golden, docs, cmp);
    }
    const pct = (a: number, b: number) => ((100 * a) / b).toFixed(1);
    console.log(
      `Winlogbeat golden: ${cmp.relevantEqual}/${cmp.relevantCompared} detection-relevant values equal ` +
        `(${pct(cmp.relevantEqual, cmp.relevantCompared)}%); all fields ${cmp.equal}/${cmp.compared} ` +
        `(${pct(cmp.equal, cmp.compared)}%)`,
    );
    const unexplained = cmp.differences.filter((d) => !allowedBy(d));
    const used = new Set(cmp.differences.map(allowedBy));
    const stale = ALLOWED.filter((a) => !used.has(a)).map((a) => `${a.field} (${a.why})`);
    const show = (d: Difference) =>
      `${d.file} #${d.record} (${d.code}) ${d.field}: want ${JSON.stringify(d.expected)}, got ${JSON.stringify(d.actual)}`;
    expect(unexplained.map(show)).toEqual([]);
    expect(stale).toEqual([]);
  });
});
