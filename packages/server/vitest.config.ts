import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Throwaway PostgreSQL and Redis for the PostgreSQL store and the Redis fan-out (scripts/test-services.mjs).
    globalSetup: ['../../scripts/vitest-services.mjs'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})
