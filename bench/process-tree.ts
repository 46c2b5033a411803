// Peak resident memory of a process's descendants, not the process itself (a browser this
// script launched is many child processes), sampled from /proc: Linux only, where the
// benchmarks run.
import { readdirSync, readFileSync } from 'node:fs';

const PAGE = 4096;

function snapshot(): Map<number, { ppid: number; rss: number }> {
  const out = new Map<number, { ppid: number; rss: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name, which is in parentheses and may hold spaces.
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(name), { ppid: Number(rest[1]), rss: Number(rest[21]) * PAGE });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

function treeRss(root: number): number {
  const procs = snapshot();
  const children = new Map<number, number[]>();
  for (const [pid, p] of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  let total = -(procs.get(root)?.rss ?? 0);
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop()!;
    total += procs.get(pid)?.rss ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

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
