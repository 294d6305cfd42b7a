import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: ['packages/*', 'packages/client/vitest.happy-dom.config.ts', 'apps/*', 'tests/*'],
    clearMocks: true,
    restoreMocks: true,
  },
})
