// The floor every scan is measured against: read the file and JSON.parse each line, nothing
// else, done as cheaply as Node allows (newlines found in the bytes, one decode per line).
// Prints {seconds, cpuSeconds, events, peakRssBytes} as one JSON line.
import { createReadStream } from 'node:fs';

const file = process.argv[2];
const started = performance.now();
let events = 0;
let carry: Buffer | null = null;
const parseLine = (buf: Buffer, start: number, end: number) => {
  if (end > start) {
    JSON.parse(buf.toString('utf8', start, end));
    events++;
  }
};
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  const buf: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
  let start = 0;
  for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
    parseLine(buf, start, nl);
    start = nl + 1;
  }
  carry = start < buf.length ? buf.subarray(start) : null;
}
if (carry) parseLine(carry, 0, carry.length);
const seconds = (performance.now() - started) / 1000;
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds, events, peakRssBytes: usage.maxRSS * 1024 }) + '\n',
);
