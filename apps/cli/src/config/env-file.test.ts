import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { parseEnvFile, withEnvFile } from './env-file.js'

describe('parseEnvFile', () => {
  it('should read KEY=VALUE lines and skip blanks and comments', () => {
    expect(parseEnvFile('# server\nLANCHAT_URL=192.168.1.20:5000\n\n  LANCHAT_NAME = Maria  \nnot a line\n')).toEqual({
      LANCHAT_URL: '192.168.1.20:5000',
      LANCHAT_NAME: 'Maria',
    })
  })

  it('should accept export, quotes, escapes, inline comments and CRLF', () => {
    expect(
      parseEnvFile(
        [
          'export A=1',
          'B="two words" # comment',
          "C='literal \\n # not a comment'",
          'D="line\\nbreak \\"quoted\\""',
          'E=value # trailing comment',
          'F=a#b',
          'G=',
          'H=x=y',
        ].join('\r\n'),
      ),
    ).toEqual({
      A: '1',
      B: 'two words',
      C: 'literal \\n # not a comment',
      D: 'line\nbreak "quoted"',
      E: 'value',
      F: 'a#b',
      G: '',
      H: 'x=y',
    })
  })

  it('should let a later line win', () => {
    expect(parseEnvFile('A=1\nA=2')).toEqual({ A: '2' })
  })
})

describe('withEnvFile', () => {
  async function directoryWith(contents: string | undefined): Promise<string> {
    const directory = await mkdtemp(join(tmpdir(), 'lanchat-env-'))
    onTestFinished(() => rm(directory, { recursive: true, force: true }))
    if (contents !== undefined) await writeFile(join(directory, '.env'), contents)
    return directory
  }

  it('should add the LANCHAT_ variables of .env under the real environment', async () => {
    const directory = await directoryWith('LANCHAT_URL=10.0.0.2:5000\nLANCHAT_NAME=FromFile\nPATH=/evil\n')
    const environment = await withEnvFile({ LANCHAT_NAME: 'FromShell', PATH: '/usr/bin' }, directory)
    expect(environment).toEqual({ LANCHAT_URL: '10.0.0.2:5000', LANCHAT_NAME: 'FromShell', PATH: '/usr/bin' })
  })

  it('should treat a missing .env as empty', async () => {
    const directory = await directoryWith(undefined)
    expect(await withEnvFile({ HOME: '/home/x' }, directory)).toEqual({ HOME: '/home/x' })
  })
})
