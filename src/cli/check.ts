// Placeholder until the issue that owns `sequent check` lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('sequent check: not implemented yet\n');
  return 1;
}
