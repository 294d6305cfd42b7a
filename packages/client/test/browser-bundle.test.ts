import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

/** The SDK as an app's bundler sees it in a browser: every export, the `browser` conditions, minified. */
async function browserBundle() {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('../src/index.ts', import.meta.url))],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
  })
  const output = result.outputFiles[0]
  if (output === undefined) throw new Error('esbuild wrote nothing')
  const modules = Object.keys(Object.values(result.metafile.outputs)[0]?.inputs ?? {})
  return { gzipBytes: gzipSync(output.contents).length, modules }
}

describe('the SDK in a browser bundle', () => {
  it('should leave the schema library out: server frames are checked by the generated checks', async () => {
    const { modules } = await browserBundle()
    expect(modules.some((path) => path.includes('server-frame-checks'))).toBe(true)
    expect(modules.filter((path) => /typebox\/build\/(type|schema|compile|value|format)\//.test(path))).toEqual([])
    expect(modules.filter((path) => /protocol\/dist\/messages\//.test(path))).toEqual([])
  })

  it('should stay within its size budget of 22 kB gzip', async () => {
    const { gzipBytes } = await browserBundle()
    expect(gzipBytes).toBeLessThanOrEqual(22 * 1024)
  }, 30_000)
})
