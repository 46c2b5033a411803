// Shared state while telemetry is generated: the fleet, the random stream, and the sink that
// collects documents with their times.
import type { Doc } from '../eql/compiled.ts';
import type { Account, Host } from './fleet.ts';
import type { Random } from './random.ts';

export interface World {
  rng: Random;
  hosts: Host[];
  users: Account[];
  /** Queues a document at an absolute time (epoch ms). */
  emit: (ts: number, doc: Doc) => void;
  /** Elastic Defend's per-agent event sequence. */
  nextDefendSequence: () => number;
  nextLogonId: () => number;
}
