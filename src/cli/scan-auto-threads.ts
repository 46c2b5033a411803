// How many threads `sequent scan` collects with when `--threads` is not given: the machine's
// cores, as far as the input is worth them and the rule set leaves memory for them. Each
// thread compiles and holds the rules itself (closures do not cross threads) and keeps its own
// candidates, so every thread past the first adds memory that grows with the rules.
//
// Peak RSS of the built CLI over the scan benchmark's 1M-event file (bench/README.md, issue 13,
// a quiet machine, once workers let the rules' syntax go): built-in rules 120 MB on one thread,
// 164 on two; Elastic's 391 Windows EQL rules 237 and 317; all 954 EQL rules 256 and 375. The
// first thread's peak is mostly the candidates the correlator holds, which grow with the rules
// that match this data, more slowly than the rule count: ~120 MB + 4.4 MB × √rules. Each
// further thread adds ~44 MB + 0.08 MB a rule (its compiled rules and its reading). Threads
// are added while that stays within MEMORY_BUDGET_MB.

/** What the automatic choice keeps a scan's peak RSS within, by the estimate above. */
export const MEMORY_BUDGET_MB = 400;
/**
 * Input below this is read on one thread: each thread starts by loading the CLI and compiling
 * the rules, which a small input does not repay. Over 207 MB two threads took as long as one
 * (built-in 1.22–1.38 s against 1.23–1.37; Windows rules 2.88–2.95 against 3.01–3.12) for
 * ~1.45× the CPU; over 2 GB 0.65× and 0.75× the time.
 */
export const AUTO_THREADS_MIN_BYTES = 256 * 1024 * 1024;

/** The estimated peak RSS, MB, of a scan with `queries` rules on `threads` threads. */
export function estimatedPeakMb(queries: number, threads: number): number {
  return 120 + 4.4 * Math.sqrt(queries) + (threads - 1) * (44 + 0.08 * queries);
}

/**
 * Threads for a scan that did not say: 1 for one read unit, a small input or a rule set too
 * large for a second thread within the budget; else up to `cores`.
 */
export function autoThreads(input: {
  queries: number;
  bytes: number;
  units: number;
  cores: number;
}): number {
  if (input.units < 2 || input.bytes < AUTO_THREADS_MIN_BYTES) return 1;
  let threads = 1;
  while (
    threads < Math.min(input.cores, input.units) &&
    estimatedPeakMb(input.queries, threads + 1) <= MEMORY_BUDGET_MB
  )
    threads++;
  return threads;
}
