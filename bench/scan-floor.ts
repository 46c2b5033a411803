// The floor every scan is measured against: read the file and JSON.parse each line, nothing
// else. Prints {seconds, events, peakRssBytes} as one JSON line.
import { createReadStream } from 'node:fs';

const file = process.argv[2];
const started = performance.now();
let events = 0;
let rest = '';
const decoder = new TextDecoder();
for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
  const text = rest + decoder.decode(chunk as Uint8Array, { stream: true });
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    if (nl > start) {
      JSON.parse(text.slice(start, nl));
      events++;
    }
    start = nl + 1;
  }
  rest = text.slice(start);
}
if (rest.trim()) {
  JSON.parse(rest);
  events++;
}
const seconds = (performance.now() - started) / 1000;
const usage = process.resourceUsage();
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(
  JSON.stringify({ seconds, cpuSeconds, events, peakRssBytes: usage.maxRSS * 1024 }) + '\n',
);
