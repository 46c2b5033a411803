// Deterministic synthetic Windows telemetry (SYNTHETIC: made up, no real host or person):
// Winlogbeat-shaped Sysmon and Security events plus Elastic Defend events, for many hosts,
// with WinRM remote-shell sequences planted at known places and WinRM look-alikes around them.
import type { Doc } from '../eql/compiled.ts';
import { makeHosts, makeUsers, type Host } from './fleet.ts';
import { Random } from './random.ts';
import { benignStories, type Story } from './stories.ts';
import { TimeQueue } from './time-queue.ts';
import {
  DECOY_SPAN_MS,
  decoyKinds,
  plantDecoy,
  plantSequence,
  type Flavor,
  type PlantedSequence,
} from './winrm.ts';
import type { World } from './world.ts';

export interface TelemetryOptions {
  /** Total number of documents, exactly. */
  events: number;
  hosts: number;
  seed: number | string;
  /** Remote-shell sequences recorded by Elastic Defend: Elastic's rule must report each. */
  planted: number;
  /** Sequences recorded by Sysmon (3 + 1): only Sequent's variant can report them. */
  plantedSysmon?: number;
  /** Sequences recorded by the Security log (5156 + 4688): only Sequent's variant. */
  plantedSecurity?: number;
  /** First timestamp: ISO string, epoch ms or Date. */
  start: string | number | Date;
  /** Time the data covers; default 150 ms per event (at least 10 minutes per planted one). */
  spanMs?: number;
  /** WinRM look-alikes that no rule may report; default about one per 1,500 events. */
  decoys?: number;
}

/** Hosts rest this long around planted sequences and between WinRM stories. */
const WINRM_QUIET_MS = DECOY_SPAN_MS + 50_000;

interface Plan {
  world: World;
  span: number;
  start: number;
  planted: PlantedSequence[];
  plantedDocs: { ts: number; doc: Doc }[];
  /** Per host, the windows that WinRM look-alikes must stay out of. */
  busy: Map<Host, number[]>;
}

function startMs(start: TelemetryOptions['start']): number {
  const ms =
    start instanceof Date ? start.getTime() : typeof start === 'number' ? start : Date.parse(start);
  if (!Number.isFinite(ms))
    throw new Error(`generateTelemetry: unusable start time ${String(start)}`);
  return ms;
}

function validate(o: TelemetryOptions): void {
  const counts = [o.events, o.hosts, o.planted, o.plantedSysmon ?? 0, o.plantedSecurity ?? 0];
  if (counts.some((n) => !Number.isInteger(n) || n < 0)) {
    throw new Error(
      'generateTelemetry: events, hosts and planted counts must be whole numbers ≥ 0',
    );
  }
  if (o.hosts < 2)
    throw new Error('generateTelemetry: needs at least 2 hosts (an attacker and a target)');
}

function plan(options: TelemetryOptions): Plan {
  validate(options);
  const root = new Random(options.seed);
  const rng = root.fork('world');
  const users = makeUsers(rng, Math.max(4, Math.ceil(options.hosts * 0.8)));
  const hosts = makeHosts(rng, options.hosts, users);
  let defendSeq = 1000;
  let logonId = 0x1a2b3c;
  const plantedDocs: { ts: number; doc: Doc }[] = [];
  const world: World = {
    rng: root.fork('noise'),
    hosts,
    users,
    emit: () => {},
    nextDefendSequence: () => ++defendSeq,
    nextLogonId: () => (logonId += 0x11),
  };

  const flavors: Flavor[] = [
    ...Array<Flavor>(options.planted).fill('defend'),
    ...Array<Flavor>(options.plantedSysmon ?? 0).fill('sysmon'),
    ...Array<Flavor>(options.plantedSecurity ?? 0).fill('security'),
  ];
  const p = root.fork('plan');
  for (let i = flavors.length - 1; i > 0; i--) {
    const j = p.int(0, i);
    [flavors[i], flavors[j]] = [flavors[j], flavors[i]];
  }
  const span = options.spanMs ?? Math.max(options.events * 150, (flavors.length + 1) * 600_000);
  const start = startMs(options.start);
  const busy = new Map<Host, number[]>(hosts.map((h) => [h, []]));
  const planted: PlantedSequence[] = [];
  const defendHosts = hosts.filter((h) => h.defend);
  flavors.forEach((flavor, i) => {
    const slot = span / flavors.length;
    const t = Math.round(start + slot * i + slot * (0.2 + 0.4 * p.next()));
    const eligible = (flavor === 'defend' ? defendHosts : hosts).filter((h) =>
      (busy.get(h) ?? []).every((b) => Math.abs(b - t) > 2 * WINRM_QUIET_MS),
    );
    const pool = eligible.length > 0 ? eligible : flavor === 'defend' ? defendHosts : hosts;
    // Spread the attacks: prefer hosts that have none yet.
    const fewest = Math.min(...pool.map((h) => busy.get(h)?.length ?? 0));
    const target = p.pick(pool.filter((h) => (busy.get(h)?.length ?? 0) === fewest));
    const attacker = p.pick(hosts.filter((h) => h !== target));
    const account = p.chance(0.5) ? users[users.length - 1] : attacker.owner;
    const sink = {
      emit: (ts: number, doc: Doc) => plantedDocs.push({ ts, doc }),
      nextDefendSequence: world.nextDefendSequence,
    };
    planted.push(plantSequence(p, sink, flavor, target, t, attacker.ip, account));
    busy.get(target)?.push(t);
  });
  return { world, span, start, planted, plantedDocs, busy };
}

/** What generateTelemetry plants for these options (the same objects' content, without record ids). */
export function plantedTruth(options: TelemetryOptions): PlantedSequence[] {
  return plan(options).planted;
}

export function generateTelemetry(options: TelemetryOptions): Iterable<Doc> {
  return { [Symbol.iterator]: () => run(options) };
}

function* run(options: TelemetryOptions): Generator<Doc> {
  const { world, span, start, plantedDocs, busy } = plan(options);
  const queue = new TimeQueue();
  for (const { ts, doc } of plantedDocs) queue.push(ts, structuredClone(doc));

  let budget = options.events - plantedDocs.length;
  if (budget < 0) {
    throw new Error(
      `generateTelemetry: ${options.events} events cannot hold the ${plantedDocs.length} documents of the planted sequences`,
    );
  }
  world.emit = (ts, doc) => {
    if (budget <= 0) return;
    budget--;
    queue.push(ts, doc);
  };

  const rng = world.rng;
  const decoyCount =
    options.decoys ?? Math.max(decoyKinds.length * 2, Math.floor(options.events / 1500));
  const decoyTimes = Array.from(
    { length: decoyCount },
    (_, i) => start + (span * (i + rng.next())) / decoyCount,
  );
  let nextDecoy = 0;
  const lastWinrm = new Map<Host, number>();
  const quiet = (h: Host, t: number) =>
    t - (lastWinrm.get(h) ?? -Infinity) > WINRM_QUIET_MS &&
    (busy.get(h) ?? []).every((b) => Math.abs(b - t) > WINRM_QUIET_MS);

  const recordIds = new Map<string, number>();
  const release = (doc: Doc): Doc => {
    const winlog = doc.winlog as Doc | undefined;
    if (winlog) {
      const key = `${(doc.host as Doc).id}|${winlog.channel}`;
      const id = (recordIds.get(key) ?? 0) + 1;
      recordIds.set(key, id);
      winlog.record_id = id;
    }
    return doc;
  };

  // Mean gap between stories, so that the stories cover the span with the budget given.
  const meanDocsPerStory = 4;
  const gap = (span * meanDocsPerStory) / Math.max(1, budget);
  let t = start;
  const stories = benignStories as readonly (readonly [Story, number])[];
  while (budget > 0) {
    if (nextDecoy < decoyTimes.length && decoyTimes[nextDecoy] <= t) {
      const kind = decoyKinds[nextDecoy % decoyKinds.length];
      nextDecoy++;
      const offset = rng.int(0, world.hosts.length - 1);
      for (let k = 0; k < world.hosts.length; k++) {
        const host = world.hosts[(offset + k) % world.hosts.length];
        const other = world.hosts[(offset + k + 1) % world.hosts.length];
        if (!quiet(host, t) || (kind === 'other-host' && !quiet(other, t))) continue;
        const flavor: Flavor =
          host.defend && rng.chance(0.5) ? 'defend' : rng.chance(0.5) ? 'sysmon' : 'security';
        const otherFlavorOk = kind !== 'other-host' || flavor !== 'defend' || other.defend;
        for (const touched of plantDecoy(
          world,
          kind,
          otherFlavorOk ? flavor : 'sysmon',
          host,
          other,
          t,
        )) {
          lastWinrm.set(touched, t);
        }
        break;
      }
    } else {
      const host = rng.pick(world.hosts);
      rng.weighted(stories)(world, host, t);
    }
    t += Math.max(1, Math.round(rng.exp(gap)));
    while (queue.peekTime() < t) yield release(queue.pop() as Doc);
  }
  while (queue.size > 0) yield release(queue.pop() as Doc);
}
