// The layer rules of eslint.config.js (docs/architecture.md), run by ESLint itself on small
// sources placed, by file path, in the folder under test: what points up or sideways fails
// with a message naming the layer rule; what points down passes.
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: fileURLToPath(new URL('../../', import.meta.url)) });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const LAYER_RULE = '@typescript-eslint/no-restricted-imports';

describe('layer rules', () => {
  it.each([
    ['src/store/x.ts', "import type { AppApi } from '../worker/app-api.ts';", 'store'],
    ['src/store/x.ts', "import { builtinRules } from '../rules/index.ts';", 'store'],
    ['src/eql/x.ts', "import type { Conjunct } from '../engine/types.ts';", 'eql'],
    ['src/case/x.ts', "import type { Doc } from '../eql/compiled.ts';", 'case'],
    ['src/engine/x.ts', "import { ingestFile } from '../ingest/index.ts';", 'engine'],
    ['src/ingest/map/x.ts', "import { SequentStore } from '../../store/store.ts';", 'ingest'],
    ['src/ui/state/x.ts', "import { AppService } from '../../worker/app/service.ts';", 'ui'],
    ['src/ui/alerts/x.ts', "import { parse } from '../../eql/index.ts';", 'ui'],
    [
      'src/ui/X.svelte',
      '<script lang="ts">import { newId } from \'../store/id.ts\';</script>',
      'ui',
    ],
    [
      'src/worker/app/services/x.ts',
      "import { AppState } from '../../../ui/state/app.svelte';",
      'worker',
    ],
  ])('%s: %s fails', async (file, code, layer) => {
    // The unused import is reported too; only the layer rule matters here.
    const found = (await problems(file, `${code}\n`)).filter((m) => m.startsWith(LAYER_RULE));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`${LAYER_RULE}:`);
    expect(found[0]).toContain(`layer rule "${layer}"`);
    expect(found[0]).toContain('docs/architecture.md');
  });

  it.each([
    ['src/store/x.ts', "import type { Rule } from '../rules/model.ts';\nexport type R = Rule;"],
    [
      'src/store/x.ts',
      "import type { AlertBody } from '../case/index.ts';\nexport type A = AlertBody;",
    ],
    ['src/engine/x.ts', "import { parse } from '../eql/index.ts';\nexport const p = parse;"],
    [
      'src/ui/state/x.ts',
      "import type { AppApi } from '../../worker/app-api';\nexport type A = AppApi;",
    ],
    [
      'src/ui/x.ts',
      "import { WorkerPool } from '../worker/index.ts';\nexport const P = WorkerPool;",
    ],
    [
      'src/ui/state/x.ts',
      "import { blankRule } from '../rules/new-rule';\nexport const b = blankRule;",
    ],
    [
      'src/worker/app/services/x.ts',
      "import { newId } from '../../../store/id.ts';\nexport const n = newId;",
    ],
  ])('%s: %s passes', async (file, code) => {
    expect(await problems(file, `${code}\n`)).toEqual([]);
  });
});

describe('file length', () => {
  const long = Array.from({ length: 401 }, (_, i) => `export const v${i} = ${i};`).join('\n');

  it('a file in src/ over 400 lines fails', async () => {
    const found = await problems('src/worker/x.ts', `${long}\n`);
    expect(found).toEqual([expect.stringMatching(/^max-lines: .*401.*400/)]);
  });

  it('unless its head comment says why', async () => {
    const reasoned = `/* eslint-disable max-lines -- one table of every field, kept whole */\n${long}\n`;
    expect(await problems('src/worker/x.ts', reasoned)).toEqual([]);
  });
});
