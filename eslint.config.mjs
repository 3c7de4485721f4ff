// ESLint's and typescript-eslint's recommended rules everywhere, plus the rules that keep workflow
// code deterministic: no floating promises, and no Node built-in in workflows/ or domain/.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// every built-in by its bare name; anything under node: (some, like node:test, exist only there)
const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('node:'));
const noNode = 'workflow code must not use Node built-ins';
/** Every module the workflow bundle holds (test/unit/workflowBundle.test.ts checks the list against the bundle). */
export const WORKFLOW_BUNDLED = [
  'workflows/**/*.ts',
  'domain/**/*.ts',
  'readModel/projection.ts',
  'platform/rejections.ts',
  'platform/searchAttributes.ts',
  'platform/temporalNames.ts',
];
const noEagerZod = 'workflow code loads zod on its first command only: import types, or use workflows/commandInput.ts';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', '.tools/**', '.data/**', 'sim-out/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // plain CommonJS files (platform/failureConverter.js: Temporal requires it by path)
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox, and so does every module it imports.
    files: WORKFLOW_BUNDLED,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: noNode })),
          patterns: [{ regex: '^node:', message: noNode }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' },
        { name: 'setInterval', message: 'use sleep()' },
      ],
    },
  },
  {
    // Temporal evaluates workflow code's modules for every workflow it creates: zod (the command
    // schemas) is loaded on a workflow's first command only, through workflows/commandInput.ts.
    files: WORKFLOW_BUNDLED,
    ignores: ['domain/commandSchemas.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', allowTypeImports: true, message: noEagerZod }],
          patterns: [{ regex: 'commandSchemas$', allowTypeImports: true, message: noEagerZod }],
        },
      ],
    },
  },
);
