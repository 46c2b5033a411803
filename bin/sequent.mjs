#!/usr/bin/env node
// Thin launcher: the CLI is bundled from src/cli by `npm run build:cli` (run by `npm install`).
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../dist-cli/sequent.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('sequent: the CLI is not built yet; run `npm run build:cli` first\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
