// Placeholder until the issue that owns `sequent scan` lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('sequent scan: not implemented yet\n');
  return 1;
}
