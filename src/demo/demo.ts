// The small SYNTHETIC data set behind the app's demo session: five hosts, a few thousand
// events, two WinRM remote shells seen by Elastic Defend (Elastic's rule finds them) and one
// seen only by Sysmon (only Sequent's variant finds it).
import type { Doc } from '../eql/compiled.ts';
import { generateTelemetry, plantedTruth, type TelemetryOptions } from './generate.ts';
import type { PlantedSequence } from './winrm.ts';

export const DEMO_OPTIONS: Readonly<TelemetryOptions> = Object.freeze({
  events: 3000,
  hosts: 5,
  seed: 'sequent-demo',
  planted: 2,
  plantedSysmon: 1,
  start: '2024-05-06T08:00:00.000Z',
});

export interface DemoDataset {
  /** A name for the session and its single "file". */
  name: string;
  docs: Doc[];
  planted: PlantedSequence[];
}

export function demoDataset(): DemoDataset {
  return {
    name: 'synthetic-demo.ndjson',
    docs: [...generateTelemetry(DEMO_OPTIONS)],
    planted: plantedTruth(DEMO_OPTIONS),
  };
}
