import { defineConfig } from 'tsup'

export default defineConfig({
  entry: ['src/index.ts', 'src/tls/node-tls.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  tsconfig: 'tsconfig.build.json',
})
