// @ts-check
/**
 * Flat ESLint config: typescript-eslint's recommended rules everywhere, Lit's
 * template rules and lit-a11y's accessibility rules for the elements.
 * Formatting is Prettier's job, so no stylistic rules here.
 */
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import litA11y from 'eslint-plugin-lit-a11y';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'examples/*/dist/**',
      'storybook-static/**',
      'coverage/**',
      'custom-elements.json',
      '.pglite/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: [
      'src/**/*.ts',
      'stories/**/*.ts',
      '.storybook/**/*.ts',
      'tests/browser/**/*.ts',
      'tests/support/mock-fetch.ts',
    ],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['src/components/**/*.ts', 'stories/**/*.ts'],
    ...lit.configs['flat/recommended'],
  },
  {
    files: ['src/components/**/*.ts', 'stories/**/*.ts'],
    ...litA11y.configs.recommended,
  },
);
