import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// The portable layers run in a worker, in Node and in tests alike: no DOM, no Node APIs.
const portable = ['src/eql/**', 'src/engine/**', 'src/ingest/**', 'src/rules/**', 'src/demo/**'];

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
);
