import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/test-output', 'libs/api-client/src/lib/**', '**/jest.config.ts', '**/jest.preset.js'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            // The portal reaches the API only through the generated client, plus shared types.
            { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The API uses only the framework-free shared lib, never the Angular client.
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['type:util'] },
            { sourceTag: 'type:api-client', onlyDependOnLibsWithTags: ['type:util'] },
            // shared is framework-free.
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: ['@angular/*', '@nestjs/*', '@mikro-orm/*', 'rxjs', 'express'],
            },
          ],
        },
      ],
    },
  },
  // Type-checked rules for TypeScript sources.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Tests poke at untyped HTTP bodies; keep the type-checked strictness for production code.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts', '**/*-e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
];
