import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Doc } from '../../src/eql/compiled.ts';
import { WINRM_ELASTIC_QUERY, WINRM_SEQUENT_QUERY } from '../../src/rules/index.ts';
import {
  fixtureFiles,
  fixtureTruth,
  NETWORK_FILE,
  PROCESS_FILE,
} from '../fixtures/synthetic/make.ts';
import { compile } from '../../src/eql/index.ts';
import { runQueries, type SequenceResult } from '../../src/engine/index.ts';
import { withoutRecordId } from './helpers.ts';

const dir = new URL('../fixtures/synthetic/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8');
const docsOf = (text: string): Doc[] =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Doc);

function alerts(query: string, files: Doc[][]) {
  const compiled = compile(query, { categoryField: 'event.category' });
  const [outcome] = runQueries([{ id: 'q', query: compiled, size: Infinity }], files).outcomes;
  return outcome.results as SequenceResult[];
}

describe('synthetic WinRM positive fixtures', () => {
  const network = docsOf(read(NETWORK_FILE));
  const processes = docsOf(read(PROCESS_FILE));

  it('are exactly what make.ts writes (regenerate them after changing the generator)', () => {
    for (const { name, text } of fixtureFiles()) expect(read(name), name).toBe(text);
  });

  it('are labelled synthetic, one document per line', () => {
    for (const doc of [...network, ...processes]) expect(doc.labels).toEqual({ synthetic: true });
  });

  it('give one Elastic alert only when both files are scanned, on the planted host', () => {
    const truth = fixtureTruth();
    const both = alerts(WINRM_ELASTIC_QUERY, [network, processes]);
    expect(both).toHaveLength(1);
    const [connection, shell] = both[0].events as Doc[];
    expect(withoutRecordId(connection)).toEqual(truth.network);
    expect(withoutRecordId(shell)).toEqual(truth.process);
    expect(both[0].join_keys).toEqual([truth.hostId]);
    expect(alerts(WINRM_ELASTIC_QUERY, [network])).toEqual([]);
    expect(alerts(WINRM_ELASTIC_QUERY, [processes])).toEqual([]);
    expect(alerts(WINRM_SEQUENT_QUERY, [network, processes])).toEqual([]);
  });
});
