import nextCoreWebVitals from 'eslint-config-next/core-web-vitals'
import nextTypescript from 'eslint-config-next/typescript'
import prettier from 'eslint-config-prettier'
import drizzle from 'eslint-plugin-drizzle'
import tseslint from 'typescript-eslint'

// The dependency arrows: app → lib → db, app → components, components → lib (types and pure
// helpers), scripts → lib and db. Nothing imports app/ or scripts/; db/ imports nothing of ours.
const layer = (regexes, message) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    { patterns: regexes.map((regex) => ({ regex, message, allowTypeImports: true })) },
  ],
})

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      '.next-*/**',
      'data/**',
      'playwright-report/**',
      'test-results/**',
      'next-env.d.ts',
    ],
  },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { drizzle },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': [
        'error',
        { checksVoidReturn: { attributes: false } },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'drizzle/enforce-delete-with-where': [
        'error',
        { drizzleObjectName: ['db', 'tx', 'executor'] },
      ],
      'drizzle/enforce-update-with-where': [
        'error',
        { drizzleObjectName: ['db', 'tx', 'executor'] },
      ],
    },
  },
  {
    files: ['app/**'],
    rules: layer(
      ['^(@/|\\.\\./)+(db|scripts)/'],
      'app/ reaches the database only through lib/, and never imports scripts/.',
    ),
  },
  {
    files: ['components/**'],
    rules: layer(
      [
        '^(@/|\\.\\./)+(db|app|scripts)/',
        '^@/lib/auth(/index|/session|/credentials)?$',
        '^@/lib/[^/]+/queries$',
      ],
      'components/ take data as props: no database, no app/ or scripts/, no server-side lib modules.',
    ),
  },
  {
    files: ['lib/**'],
    rules: layer(['^(@/|\\.\\./)+(app|scripts)/'], 'lib/ never imports app/ or scripts/.'),
  },
  {
    files: ['db/**'],
    ignores: ['db/**/*.test.ts'],
    rules: layer(['^(@/|\\.\\./)+(lib|app|components|scripts)/'], 'db/ imports nothing of ours.'),
  },
  {
    files: ['scripts/**'],
    rules: layer(
      ['^(@/|\\.\\./)+(app|components)/'],
      'scripts/ run the app from lib/ and db/: no routes, no UI.',
    ),
  },
  prettier,
)
