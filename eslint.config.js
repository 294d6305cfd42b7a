// Lint is about correctness and the import boundaries of DESIGN.md; formatting is not linted.
import tseslint from 'typescript-eslint'

const nodeBuiltins = { group: ['node:*'], message: 'This package runs in browsers too: no node:* imports.' }
const serverPackage = { group: ['@lanchat/server', '@lanchat/server/*'], message: 'Only apps and tests may import the server.' }
const clientPackage = { group: ['@lanchat/client', '@lanchat/client/*'], message: 'The server never depends on the client.' }
const deepImports = {
  group: ['@lanchat/*/src/*', '@lanchat/*/src', '**/packages/*/src/**'],
  message: 'Import packages by their public name (remove the /src part).',
}

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/dist-types/**', '**/.examples*/**', '**/node_modules/**', '**/coverage/**', '**/.turbo/**', 'docs/**', '**/*.config.ts', '**/*.config.js'],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { patterns: [deepImports] }],
    },
  },
  {
    files: ['packages/protocol/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-d.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            serverPackage,
            clientPackage,
            deepImports,
            { group: ['fastify', 'fastify/*', 'pino', 'ws'], message: 'protocol imports only typebox.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [clientPackage, deepImports] }] },
  },
  {
    files: ['packages/server/src/chat/**/*.ts', 'packages/server/src/store/**/*.ts', 'packages/server/src/fanout/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            clientPackage,
            deepImports,
            { group: ['fastify', 'fastify/*', '@fastify/*', 'ws'], message: 'The chat core knows nothing of Fastify or ws.' },
          ],
        },
      ],
    },
  },
  {
    files: ['packages/client/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.test-d.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            nodeBuiltins,
            serverPackage,
            deepImports,
            { group: ['pino'], message: 'The client takes an optional logger instead.' },
            { group: ['ws'], message: 'ws is loaded dynamically, only where there is no global WebSocket.' },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/web/src/browser/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeBuiltins, serverPackage, deepImports] }] },
  },
)
