import pkg from '../../package.json' with { type: 'json' };

interface Command {
  summary: string;
  load: () => Promise<{ run(argv: string[]): Promise<number> }>;
}

// Each subcommand lives in its own module and is loaded only when asked for.
const commands: Record<string, Command> = {
  scan: { summary: 'run EQL queries or rules over log files', load: () => import('./scan.ts') },
  check: {
    summary: 'validate rule files (Elastic TOML, Kibana NDJSON)',
    load: () => import('./check.ts'),
  },
  normalize: { summary: 'print log files as ECS NDJSON', load: () => import('./normalize.ts') },
};

function usage(): string {
  const lines = [
    `sequent ${pkg.version} — EQL detections over Windows event logs, offline`,
    '',
    'usage: sequent <command> [options] [FILE…]',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`),
    '',
    'options:',
    '  --help       show this help (or `sequent <command> --help`)',
    '  --version    print the version',
  ];
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    process.stdout.write(pkg.version + '\n');
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const command = commands[first];
  if (!command) {
    process.stderr.write(`sequent: unknown command '${first}'\n\n${usage()}`);
    return 2;
  }
  const mod = await command.load();
  return mod.run(rest);
}
