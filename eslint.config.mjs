import nextCoreWebVitals from 'eslint-config-next/core-web-vitals'
import nextTypescript from 'eslint-config-next/typescript'
import prettier from 'eslint-config-prettier'
import drizzle from 'eslint-plugin-drizzle'
import tseslint from 'typescript-eslint'

// The dependency arrows of docs/architecture.md: app → lib → db, app → components, components →
// lib (read-model types and pure helpers), scripts → lib and db. Nothing imports app/ or scripts/;
// db/ imports nothing of ours. An arrow that must not exist is refused for type imports too: a
// component typed by a table row is bound to the schema as surely as one that queries it.
const refuse = (regexes, message, { allowTypeImports = false } = {}) =>
  regexes.map((regex) => ({ regex, message, allowTypeImports }))
const restrictedImports = (...patterns) => ({
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: patterns.flat() }],
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
    rules: restrictedImports(
      refuse(
        ['^(@/|\\.\\./)+(db|scripts)/'],
        'app/ reaches the database only through lib/, and never imports scripts/.',
      ),
    ),
  },
  {
    files: ['components/**'],
    rules: restrictedImports(
      refuse(
        ['^(@/|\\.\\./)+(db|app|scripts)/'],
        'components/ take data as props typed by lib/ read models: no database, no app/ or scripts/, not even their types.',
      ),
      // Their types (a read model, the signed-in member) may be named; their code never runs here.
      refuse(
        ['^@/lib/auth(/index|/session|/credentials)?$', '^@/lib/[^/]+/queries$'],
        'components/ take data as props: no server-side lib modules.',
        { allowTypeImports: true },
      ),
    ),
  },
  {
    files: ['lib/**'],
    rules: restrictedImports(
      refuse(['^(@/|\\.\\./)+(app|scripts)/'], 'lib/ never imports app/ or scripts/.'),
    ),
  },
  {
    files: ['db/**'],
    ignores: ['db/**/*.test.ts'],
    rules: restrictedImports(
      refuse(['^(@/|\\.\\./)+(lib|app|components|scripts)/'], 'db/ imports nothing of ours.'),
    ),
  },
  {
    files: ['scripts/**'],
    rules: restrictedImports(
      refuse(
        ['^(@/|\\.\\./)+(app|components)/'],
        'scripts/ run the app from lib/ and db/: no routes, no UI.',
      ),
    ),
  },
  prettier,
)
