import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layersRule } from './eslint-rules/layers.js';

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.test-results/**', '**/*.d.ts', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/src/**/*.{ts,tsx}', 'protocol/src/**/*.ts'],
    plugins: { local: { rules: { layers: layersRule } } },
    rules: { 'local/layers': 'error' },
  },
  {
    files: ['**/src/browser/**/*.{ts,tsx}', 'admin-web/ui/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
