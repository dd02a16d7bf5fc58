// Type-checked lint for every TypeScript file (`npm run lint`, part of `npm test`, zero warnings).
// typescript-eslint's recommended type-checked rules: the ones that catch real bugs (floating
// promises, unsafe any, misused promises); layout is the formatter's job (`npm run format`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // The lesson components' barrel only re-exports .astro files, which the TypeScript project cannot
  // resolve (tsconfig.json excludes it; astro check covers it).
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.astro/',
      'reports/',
      '.stryker-tmp/',
      'test-results/',
      'public/',
      '.streamlab-tmp/',
      'site/components/lesson/index.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` says "deliberately unused" (a destructured field left out, a required parameter).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // @xstate/store declares an event without a payload as `{}`: that is its API, not a loose type.
    files: ['site/stage/store.ts'],
    rules: { '@typescript-eslint/no-empty-object-type': ['error', { allowObjectTypes: 'always' }] },
  },
  {
    // Config files run on Node: plain JavaScript, no type information.
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly' } },
  },
);
