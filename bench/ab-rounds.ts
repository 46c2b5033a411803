// Two builds of the page measured against each other, alternating so both see the same
// neighbours on this shared machine: each round runs every build once, then the best and the
// median of each build's CPU and wall seconds are printed.
import { loadavg } from 'node:os';
import { treeCpu } from './process-tree.ts';

export interface RoundResult {
  ms: number;
  cpu: number;
}

export async function alternate(
  builds: readonly string[],
  rounds: number,
  round: (dist: string) => Promise<RoundResult>,
): Promise<void> {
  const results = builds.map(() => [] as RoundResult[]);
  for (let r = 0; r < rounds; r++)
    for (const [b, dist] of builds.entries()) {
      const x = await round(dist);
      results[b].push(x);
      console.log(
        `round ${r + 1} ${dist}: ${(x.ms / 1000).toFixed(2)} s wall, ${(x.cpu / 1000).toFixed(2)} s cpu (load ${loadavg()[0].toFixed(2)})`,
      );
    }
  for (const [b, dist] of builds.entries()) {
    const cpu = results[b].map((x) => x.cpu / 1000).sort((x, y) => x - y);
    const ms = results[b].map((x) => x.ms / 1000).sort((x, y) => x - y);
    console.log(
      `${dist}: cpu best ${cpu[0].toFixed(2)} median ${cpu[cpu.length >> 1].toFixed(2)} s; wall best ${ms[0].toFixed(2)} median ${ms[ms.length >> 1].toFixed(2)} s`,
    );
  }
}

/** One scan to warm up (compiling, opening the database), then one measured by wall and CPU. */
export async function warmThenMeasure(once: () => Promise<number>): Promise<RoundResult> {
  const scan = async () => {
    const cpu0 = treeCpu();
    const ms = await once();
    return { ms, cpu: treeCpu() - cpu0 };
  };
  await scan();
  return scan();
}
