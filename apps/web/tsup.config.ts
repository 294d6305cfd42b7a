import { defineConfig } from 'tsup'

// The server entry: dist/server.js is the CLI (`pnpm start`). Dependencies stay external and load from node_modules.
export default defineConfig({
  entry: { server: 'src/server/main.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  // Only the server's own files: dist/public belongs to the Vite build.
  clean: ['server.js', 'server.js.map'],
  tsconfig: 'tsconfig.json',
})
