import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The built browser app is missing: the server was started before `vite build` ran. */
export class BrowserAppMissingError extends Error {
  override readonly name = 'BrowserAppMissingError'
  readonly code = 'LANCHAT_ERR_WEB_NOT_BUILT'
}

// This module runs bundled as dist/server.js (the app is then in ./public) or from source under
// src/server/ (tests import it; the app is then in ../../dist/public).
const candidates = ['./public/', '../../dist/public/']

/**
 * The folder holding the built browser app (`index.html` and `assets/`).
 *
 * @example
 * ```ts
 * await app.register(fastifyStatic, { root: findPublicDirectory() })
 * ```
 */
export function findPublicDirectory(): string {
  for (const candidate of candidates) {
    const directory = fileURLToPath(new URL(candidate, import.meta.url))
    if (existsSync(`${directory}index.html`)) return directory
  }
  throw new BrowserAppMissingError(
    'The browser app is not built (no dist/public/index.html). Run `pnpm --filter @lanchat/web build` first.',
  )
}
