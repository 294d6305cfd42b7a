import { readFileSync } from 'node:fs'
import { defineConfig } from 'tsup'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

// One executable file of our own code; every dependency stays external and loads from node_modules.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  skipNodeModulesBundle: true,
  removeNodeProtocol: false,
  banner: { js: '#!/usr/bin/env node' },
  define: { __LANCHAT_VERSION__: JSON.stringify(version) },
  tsconfig: 'tsconfig.json',
})
