// Runs the built CLI in this process and, after it, prints the CPU seconds it used: on a
// shared 2-core machine wall time swings with load, CPU time much less.
import { pathToFileURL } from 'node:url';

const bundle = new URL('../dist-cli/sequent.mjs', import.meta.url).pathname;
const { main } = (await import(pathToFileURL(bundle).href)) as {
  main(argv: string[]): Promise<number>;
};
const code = await main(process.argv.slice(2));
const u = process.resourceUsage();
process.stderr.write(
  JSON.stringify({ cpuSeconds: (u.userCPUTime + u.systemCPUTime) / 1e6 }) + '\n',
);
process.exitCode = code;
