import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { DataDirectoryError, defaultDataDirectory, prepareDataDirectory } from './data-directory.js'

describe('defaultDataDirectory', () => {
  it('should follow each platform’s convention for per-user data', () => {
    const home = '/home/maria'
    expect(defaultDataDirectory({ platform: 'linux', environment: {}, home })).toBe('/home/maria/.local/share/lanchat')
    expect(defaultDataDirectory({ platform: 'linux', environment: { XDG_DATA_HOME: '/data' }, home })).toBe('/data/lanchat')
    // A relative XDG_DATA_HOME is invalid by the spec and ignored.
    expect(defaultDataDirectory({ platform: 'linux', environment: { XDG_DATA_HOME: 'data' }, home })).toBe(
      '/home/maria/.local/share/lanchat',
    )
    expect(defaultDataDirectory({ platform: 'darwin', environment: {}, home: '/Users/maria' })).toBe(
      '/Users/maria/Library/Application Support/lanchat',
    )
    expect(
      defaultDataDirectory({ platform: 'win32', environment: { LOCALAPPDATA: 'C:\\Users\\maria\\AppData\\Local' }, home }),
    ).toBe('C:\\Users\\maria\\AppData\\Local\\lanchat')
  })
})

describe('prepareDataDirectory', () => {
  function temporaryDirectory(): string {
    const directory = mkdtempSync(join(tmpdir(), 'lanchat-data-'))
    onTestFinished(() => rmSync(directory, { recursive: true, force: true }))
    return directory
  }

  it('should make a missing directory, with its parents, readable by this user only', () => {
    const directory = join(temporaryDirectory(), 'a', 'lanchat')
    prepareDataDirectory(directory)
    expect(statSync(directory).mode & 0o777).toBe(0o700)
    prepareDataDirectory(directory)
  })

  it('should say which directory it cannot make, and why', () => {
    const file = join(temporaryDirectory(), 'file')
    writeFileSync(file, '')
    expect(() => prepareDataDirectory(join(file, 'lanchat'))).toThrow(DataDirectoryError)
    expect(() => prepareDataDirectory(join(file, 'lanchat'))).toThrow(`cannot create the data directory ${file}/lanchat: not a directory.`)
  })
})
