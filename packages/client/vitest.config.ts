import { defineProject } from 'vitest/config'

// The client suite runs twice: in Node (with the `ws` package) and in happy-dom (browser globals).
export default defineProject({
  test: {
    name: 'client',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})
