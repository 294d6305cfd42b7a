import { defineConfig } from 'vite'
import preact from '@preact/preset-vite'

// The browser app: src/browser → dist/public, served by the demo server with @fastify/static.
export default defineConfig({
  root: 'src/browser',
  base: '/',
  plugins: [preact()],
  build: {
    outDir: '../../dist/public',
    emptyOutDir: true,
    target: 'es2022',
    // Everything is served locally: no inlined data URLs the CSP would have to allow beyond images.
    assetsInlineLimit: 0,
  },
  server: {
    // `pnpm dev`: Vite serves the app with hot reload; the chat socket goes to a demo server started with `pnpm start`.
    proxy: {
      '/ws': {
        target: 'ws://127.0.0.1:5000',
        ws: true,
        // The server refuses sockets from a foreign Origin; through the proxy the page's origin is Vite's.
        configure: (proxy) => {
          proxy.on('proxyReqWs', (request) => request.setHeader('origin', 'http://127.0.0.1:5000'))
        },
      },
    },
  },
})
