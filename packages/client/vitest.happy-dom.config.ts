import { configDefaults, defineProject } from 'vitest/config'

// The same suite as vitest.config.ts, in happy-dom: browser globals, and happy-dom's own WebSocket
// (it speaks to a real `ws` server), so the client runs as it would in a browser bundle.
export default defineProject({
  test: {
    name: 'client-happy-dom',
    environment: 'happy-dom',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Bundling the SDK is build tooling: it runs in Node only.
    exclude: [...configDefaults.exclude, 'test/browser-bundle.test.ts'],
  },
})
