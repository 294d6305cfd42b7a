import { describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './harness.js'

// Every ```ts block in the guides is a complete program: it runs here, against a real server, and must exit 0.
// Examples use port 3000; each run gets a free port instead. A block fenced as ```ts no-run is skipped.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const guides = ['docs/guides/server.md', 'docs/guides/client.md', 'README.md']
const scratch = resolve(dirname(fileURLToPath(import.meta.url)), '../.examples')

interface Example {
  guide: string
  line: number
  code: string
}

async function examplesOf(guide: string): Promise<Example[]> {
  const text = await readFile(join(root, guide), 'utf8').catch(() => '')
  const examples: Example[] = []
  const fence = /^```ts[ \t]*\n([\s\S]*?)^```/gm
  for (const match of text.matchAll(fence)) {
    const line = text.slice(0, match.index).split('\n').length
    examples.push({ guide, line, code: match[1] ?? '' })
  }
  return examples
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolvePort(port))
    })
  })
}

function run(file: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolveRun) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', file],
      { cwd: dirname(file), timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1
        resolveRun({ code, output: `${stdout}${stderr}` })
      },
    )
  })
}

const examples = (await Promise.all(guides.map(examplesOf))).flat()

describe('documentation examples', () => {
  it('should find examples in the guides', () => {
    expect(examples.length).toBeGreaterThan(0)
  })

  it.each(examples.map((example) => [`${example.guide}:${example.line}`, example] as const))(
    'should run %s',
    async (name, example) => {
      const port = await freePort()
      const startsOwnServer = /\.listen\(/.test(example.code)
      const host = startsOwnServer ? undefined : await startServer({ lobby: { name: 'Lobby' } })
      const target = host?.port ?? port
      const code = example.code.replaceAll('3000', String(target)).replaceAll('localhost', '127.0.0.1')
      await mkdir(scratch, { recursive: true })
      const file = join(scratch, `${name.replace(/[^a-z0-9]+/gi, '-')}.ts`)
      await writeFile(file, code)
      const result = await run(file)
      expect(result.code, result.output).toBe(0)
    },
    30_000,
  )
})
