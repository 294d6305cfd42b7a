import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'cli',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    // The end-to-end files spawn the built binary (and tmux) and wait for real sockets.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
