// Resident memory and CPU time of a process's descendants, not the process itself (a browser
// this script launched is many child processes), read from /proc: Linux only, where the
// benchmarks run.
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;
/** Linux's clock ticks per second (USER_HZ) are 100: one tick is 10 ms. */
const TICK_MS = 10;

interface Proc {
  ppid: number;
  rss: number;
  /** CPU used so far, user and system, in ms. */
  cpu: number;
}

function snapshot(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), {
        ppid: Number(rest[1]),
        rss: Number(rest[21]) * PAGE,
        cpu: (Number(rest[11]) + Number(rest[12])) * TICK_MS,
      });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

/** The sum of `field` over the descendants of `root`, `root` itself left out. */
function descendants(root: number, field: 'rss' | 'cpu'): number {
  const procs = snapshot();
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let total = -(procs.get(root)?.[field] ?? 0);
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += procs.get(pid)?.[field] ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const treeRss = (root: number) => descendants(root, 'rss');

/** CPU ms used so far by every process under `root` (a browser this script launched). */
export const treeCpu = (root = process.pid) => descendants(root, 'cpu');

/** Samples the descendants of `root` every `everyMs` until stopped; `peak()` is the most at once. */
export function peakRss(root: number, everyMs = 200) {
  let peak = 0;
  const sample = () => {
    if (root) peak = Math.max(peak, treeRss(root));
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    now: () => (root ? treeRss(root) : 0),
    peak: () => (sample(), peak),
    stop: () => clearInterval(timer),
  };
}
