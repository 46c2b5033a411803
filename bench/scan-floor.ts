// The floor every scan is measured against: read the file and JSON.parse each line, nothing
// else, done as cheaply as Node allows (newlines found in the bytes, one decode per line).
// Prints {seconds, cpuSeconds, events, peakRssBytes} as one JSON line.
import { forEachLine } from './line-reader.ts';

const file = process.argv[2];
const started = performance.now();
let events = 0;
await forEachLine(file, (buf, start, end) => {
  JSON.parse(buf.toString('utf8', start, end));
  events++;
});
const seconds = (performance.now() - started) / 1000;
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds, events, peakRssBytes: usage.maxRSS * 1024 }) + '\n',
);
