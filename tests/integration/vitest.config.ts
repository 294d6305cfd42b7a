import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'integration',
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Throwaway PostgreSQL and Redis for the multi-node tests (scripts/test-services.mjs).
    globalSetup: ['../../scripts/vitest-services.mjs'],
  },
})
