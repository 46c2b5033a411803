// Placeholder until the issue that owns `sequent normalize` lands.
export async function run(_argv: string[]): Promise<number> {
  process.stderr.write('sequent normalize: not implemented yet\n');
  return 1;
}
