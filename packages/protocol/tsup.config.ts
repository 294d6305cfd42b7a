import { defineConfig } from 'tsup'

export default defineConfig({
  // The browser entry differs only in how it checks server frames (no `new Function`, see index.browser.ts).
  entry: ['src/index.ts', 'src/index.browser.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.build.json',
})
