// `sequent scan`'s command line: the usage text and the options it parses into.
export const USAGE = `usage: sequent scan [--query EQL | --rules PATH|builtin] [options] FILE|FOLDER…

  --query EQL               run one EQL query
  --rules PATH|builtin      run rules (TOML/NDJSON/Sigma YAML file or folder, or built-in)
  --category-field F        event category field (default event.category)
  --timestamp-field F       event time field (default @timestamp)
  --tiebreaker-field F      second sort field when timestamps tie
  --size N                  results per query (default 10 for --query, max_signals for rules)
  --all                     lift every cap (size and max_signals): print everything found
  --max-samples-per-key N   samples per join key for sample queries (default: the rule's
                            max_samples_per_key, else 1)
  --budget N                candidate events one query may hold before it is stopped
                            (default 500000; the other queries finish)
  --explain                 say on stderr why each query did or did not fire: per stage
                            matches, near misses per condition part, rejected sequences,
                            values the data never has (costs extra predicate evaluations)
  --stats                   print {events, bytes, seconds, eventsPerSecond, threads,
                            duplicates, peakRssBytes, plan} on stderr. events: every record
                            read, a record read twice included; duplicates: the repeated
                            records a rule matched, each counted once in the results; plan:
                            stages tried per event, mean and worst
  --threads N               worker threads collecting over files and ranges of large NDJSON
                            and .evtx files (1: this thread alone). Each thread holds its own
                            rules and candidates, so memory grows with N. Default: one for
                            input under 256 MiB, else the cores, as many as keep a peak of
                            about 400 MB by the rule count (two for Elastic's ~950 EQL rules)
  --chunk-size BYTES        range size large NDJSON and .evtx files are split into (default
                            32 MiB; .evtx ranges are whole 64 KiB chunks)

A FOLDER is read with every file under it, in name order. A file with the same bytes as one
before it is skipped, and said so on stderr: its events would count twice. An event that
an earlier file (or the same file) brought already counts once too: a Windows record by its
channel, record id, computer and time, any other by its text in another file.
A query with no result gets a one-line hint on stderr.
Prints one JSON result per line: {"events": [e]} for an event query,
{"join_keys": […], "events": […]} for a sequence or sample, plus "rule" for rule results.
`;

export interface Options {
  query?: string;
  rules?: string;
  categoryField?: string;
  timestampField?: string;
  tiebreakerField?: string;
  size?: number;
  all: boolean;
  maxSamplesPerKey?: number;
  budget?: number;
  threads?: number;
  chunkSize?: number;
  stats: boolean;
  explain: boolean;
  files: string[];
}

export class UsageError extends Error {}

const VALUED = new Map<string, keyof Options>([
  ['--query', 'query'],
  ['--rules', 'rules'],
  ['--category-field', 'categoryField'],
  ['--timestamp-field', 'timestampField'],
  ['--tiebreaker-field', 'tiebreakerField'],
  ['--size', 'size'],
  ['--max-samples-per-key', 'maxSamplesPerKey'],
  ['--budget', 'budget'],
  ['--threads', 'threads'],
  ['--chunk-size', 'chunkSize'],
]);

export function parseArgs(argv: string[]): Options {
  const o: Options = { all: false, stats: false, explain: false, files: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    const key = VALUED.get(flag);
    if (key) {
      const value = eq > 0 && flag !== arg ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      if (
        key === 'size' ||
        key === 'maxSamplesPerKey' ||
        key === 'budget' ||
        key === 'threads' ||
        key === 'chunkSize'
      ) {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || (n === 0 && key === 'maxSamplesPerKey'))
          throw new UsageError(`${flag} takes a whole number, not '${value}'`);
        o[key] = n;
      } else {
        (o as unknown as Record<string, string>)[key] = value;
      }
    } else if (arg === '--stats') o.stats = true;
    else if (arg === '--explain') o.explain = true;
    else if (arg === '--all') o.all = true;
    else if (arg === '--') {
      o.files.push(...argv.slice(i + 1));
      break;
    } else if (arg.startsWith('--')) throw new UsageError(`unknown option ${arg}`);
    else o.files.push(arg);
  }
  if ((o.query === undefined) === (o.rules === undefined))
    throw new UsageError('give exactly one of --query or --rules');
  if (o.files.length === 0) throw new UsageError('no FILE to scan');
  return o;
}
