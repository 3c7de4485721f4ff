// Lint rules that keep workflow code deterministic: no Node built-ins, no floating promises.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process', 'os', 'worker_threads', 'timers', 'dns', 'process'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', '.tools/**', '.data/**', 'sim-out/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox, and so does the domain code it imports.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'workflow code must not use Node built-ins' })) },
      ],
      'no-restricted-globals': ['error', { name: 'setTimeout', message: 'use sleep() from @temporalio/workflow' }, { name: 'setInterval', message: 'use sleep()' }],
    },
  },
);
