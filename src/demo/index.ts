// SYNTHETIC telemetry for demos, tests and benchmarks. Nothing here describes a real host.
export { generateTelemetry, plantedTruth, type TelemetryOptions } from './generate.ts';
export { demoDataset, DEMO_OPTIONS, type DemoDataset } from './demo.ts';
export { decoyKinds, type DecoyKind, type Flavor, type PlantedSequence } from './winrm.ts';
export { Random } from './random.ts';
