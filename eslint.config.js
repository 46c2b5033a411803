import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// The portable layers run in a worker, in Node and in tests alike: no DOM, no Node APIs.
const portable = [
  'src/eql/**',
  'src/engine/**',
  'src/ingest/**',
  'src/kql/**',
  'src/rules/**',
  'src/demo/**',
];

// The layers of src/ (docs/architecture.md): ui → worker → engine/ingest/rules/store → eql,
// with the case's data model (src/case) below store and worker. An import that points up or
// sideways fails with the rule's name. Each folder lists the folders of src/ it may import;
// imports are relative, so each depth of folder gets its own "../"-counting patterns.
const LAYERS = {
  eql: [],
  case: [],
  engine: ['eql'],
  // Kibana's query language compiles to the same predicates as EQL.
  kql: ['eql'],
  ingest: ['eql', 'case'],
  rules: ['eql', 'engine', 'kql'],
  demo: ['eql'],
  // The store keeps rules and field profiles as they are: their types only (allowTypeImports).
  store: ['case'],
  worker: ['case', 'demo', 'engine', 'eql', 'ingest', 'kql', 'rules', 'store'],
  // The page sees the worker only through its contract (app-api.ts) and its bridge (index.ts).
  ui: ['case', 'worker'],
  cli: ['eql', 'engine', 'ingest', 'kql', 'rules'],
};
const TYPES_ONLY = { store: ['ingest', 'rules'] };
const WORKER_FACES = '(app-api|index)(\\.ts)?$';

function layerRules(layer) {
  const allowed = LAYERS[layer];
  const typesOnly = TYPES_ONLY[layer] ?? [];
  const forbidden = Object.keys(LAYERS).filter(
    (other) => other !== layer && !allowed.includes(other) && !typesOnly.includes(other),
  );
  const may = [...allowed, ...typesOnly.map((t) => `types of ${t}`)].join(', ') || 'nothing';
  const message = `layer rule "${layer}": src/${layer} may import ${may} of src/ (docs/architecture.md).`;
  return [1, 2, 3, 4, 5].map((depth) => {
    const up = `^(\\.\\./){${depth}}`;
    const patterns = [{ regex: `${up}(${forbidden.join('|')})(/|$)`, message }];
    if (typesOnly.length)
      patterns.push({
        regex: `${up}(${typesOnly.join('|')})(/|$)`,
        allowTypeImports: true,
        message: `${message} Only \`import type\` from ${typesOnly.join(' and ')}.`,
      });
    if (layer === 'ui')
      patterns.push({
        regex: `${up}worker/(?!${WORKER_FACES})`,
        message: `layer rule "ui": the page imports the worker only through src/worker/app-api.ts and src/worker/index.ts (docs/architecture.md).`,
      });
    return {
      files: [`src/${layer}/${'*/'.repeat(depth - 1)}*.{ts,svelte}`],
      rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns }] },
    };
  });
}

// Small files, one concept each: a file over 400 lines says why in its head comment
// (`/* eslint-disable max-lines -- reason */`).

export default ts.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'dist-single/',
      'dist-cli/',
      'test-results/',
      'playwright-report/',
      'bench/data/',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  prettier,
  ...svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    files: portable,
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'localStorage',
        'indexedDB',
        'process',
        'Buffer',
        'require',
        '__dirname',
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'url', 'zlib'], message: 'portable layer' },
          ],
        },
      ],
    },
  },
  ...Object.keys(LAYERS).flatMap(layerRules),
  {
    files: ['src/**/*.{ts,svelte}'],
    rules: { 'max-lines': ['error', { max: 400 }] },
  },
);
