// A scan's heap is mostly garbage, not data: parsed events die within a batch, and what is
// kept (candidates in columns, compiled rules) is tens of MB. V8 nonetheless lets the old
// generation grow to up to four times what survived its last full collection before
// collecting again, and that slack, not the data, set the scan's peak RSS (all 954 EQL rules
// over 100k events: ~80 MB live, ~420 MB peak). Growing to twice what survived held the
// Windows rules over 1M events at 308 MB instead of 418 MB for the same CPU (150%: 345 MB;
// bench/README.md, issue 13).
import { setFlagsFromString } from 'node:v8';

const FLAG = 'heap-growing-percent';

/** Sets V8's heap growth for this process, unless the user set it (NODE_OPTIONS or node flags). */
export function limitHeapGrowth(percent: number): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes(FLAG));
  if (!given) setFlagsFromString(`--${FLAG}=${percent}`);
}
