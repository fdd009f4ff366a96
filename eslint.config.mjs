// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '**/dist/', 'node_modules/', 'coverage/', 'var/', 'artifacts/', '**/*.js', '!eslint.config.mjs', 'apps/web/src/api/schema.d.ts'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: 'module' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@dialer/*/*'], message: 'Import a lib through its index: @dialer/<lib>.' }] },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig (libs/core).' },
      ],
    },
  },
  {
    // Configuration lives in libs/core; tests, benchmarks and scripts set up their own processes.
    files: ['libs/core/src/config/**', 'libs/testing/**', 'test/**', 'bench/**', 'scripts/**', '**/*.spec.ts', '**/*.int-spec.ts', 'apps/web/vite.config.ts'],
    rules: { 'no-restricted-properties': 'off', 'no-console': 'off' },
  },
);
