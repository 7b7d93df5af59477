import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', '.test-build/', 'node_modules/', 'reports/', 'collections/', 'environments/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.mjs', 'eslint.config.js'],
    languageOptions: { globals: globals.node },
  },
  {
    // The Postman sandbox scripts: plain scripts evaluated by postman-sandbox, with no module
    // system. tsc (tsconfig.sandbox.json) checks every name they use against the pm API and the
    // library, so ESLint does not guess at globals.
    files: ['src/sandbox/**/*.js'],
    languageOptions: { sourceType: 'script', ecmaVersion: 2020 },
    rules: {
      'no-undef': 'off',
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
    },
  },
  {
    // A library file defines one function for the scripts it is composed into.
    files: ['src/sandbox/lib/*.js'],
    rules: { 'no-unused-vars': ['error', { vars: 'local', args: 'none', caughtErrors: 'none' }] },
  },
);
