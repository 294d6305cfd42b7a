import { defineConfig } from 'tsup'

export default defineConfig({
  // One file per module, not one bundle: the modules are side-effect free (`sideEffects: false`), so an app's bundler
  // keeps only the modules it uses. The SDK in a browser uses the constants and the generated frame checks, and
  // leaves the schemas and the schema library out. The browser entry differs only in how it checks server frames
  // (no `new Function`, see index.browser.ts).
  entry: ['src/**/*.ts', '!src/**/*.test.ts', '!src/**/*.test-d.ts'],
  bundle: false,
  format: ['esm'],
  dts: { entry: ['src/index.ts', 'src/index.browser.ts'] },
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.build.json',
})
