// One-shot scan for tests and small inputs: one collector, one correlator.
import type { Doc } from '../eql/compiled.ts';
import { Collector, type CollectorOptions } from './collector.ts';
import { Correlator } from './correlator.ts';
import type { QuerySpec, ScanSummary } from './types.ts';

/** Events as files: each inner array is one file, in the order the files were given. */
export type EventFiles = readonly (readonly Doc[])[];

export function runQueries(
  specs: readonly QuerySpec[],
  files: EventFiles,
  options: CollectorOptions = {},
): ScanSummary {
  const collector = new Collector(specs, options);
  files.forEach((docs, file) =>
    docs.forEach((doc, record) => collector.add(doc, { file, record })),
  );
  const correlator = new Correlator(specs);
  correlator.add(collector.drain());
  return correlator.finish();
}
