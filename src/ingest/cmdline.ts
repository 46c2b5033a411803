// Windows command-line splitting as CommandLineToArgvW does it (the rules Winlogbeat's
// pipeline also follows): whitespace separates arguments outside quotes; 2n backslashes
// before a quote give n backslashes and the quote toggles quoting; 2n+1 give n backslashes
// and a literal quote; a doubled quote inside quotes is one literal quote; other
// backslashes are literal.
export function splitCommandLine(cmd: string): string[] {
  const args: string[] = [];
  let i = 0;
  const n = cmd.length;
  while (i < n) {
    while (i < n && (cmd[i] === ' ' || cmd[i] === '\t')) i++;
    if (i >= n) break;
    let arg = '';
    let inQuote = false;
    let slashes = 0;
    for (; i < n; i++) {
      const c = cmd[i];
      if (c === '\\') {
        slashes++;
        continue;
      }
      if (c === '"') {
        arg += '\\'.repeat(slashes >> 1);
        if (slashes & 1) arg += '"';
        else if (inQuote && cmd[i + 1] === '"') {
          arg += '"';
          i++;
        } else inQuote = !inQuote;
        slashes = 0;
        continue;
      }
      arg += '\\'.repeat(slashes);
      slashes = 0;
      if ((c === ' ' || c === '\t') && !inQuote) break;
      arg += c;
    }
    arg += '\\'.repeat(slashes);
    args.push(arg);
  }
  return args;
}
