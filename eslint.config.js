import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist-bench/**', 'dist/**', 'web/dist/**', 'node_modules/**', 'bench/**/*.js', 'bin/**', 'scripts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    rules: {
      'import-x/no-cycle': 'error',
      'import-x/no-default-export': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'max-params': ['error', 3],
      // Dependencies point one way: core imports nothing from the project; io only core.
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './src/core', from: './src', except: ['./core'] },
            { target: './src/io', from: './src', except: ['./core', './io'] },
            { target: './src/segment', from: ['./src/cli', './src/server', './src/plan', './src/guide', './src/registry'] },
            { target: './src/registry', from: ['./src/cli', './src/server', './src/segment', './src/plan', './src/guide'] },
          ],
        },
      ],
    },
  },
  { files: ['vitest.config.ts', 'web/vite.config.ts'], rules: { 'import-x/no-default-export': 'off' } },
);
