import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { DataDirectoryError } from './data-directory.js'
import { LOCK_FILE, lockDataDirectory } from './data-directory-lock.js'

function directory(): string {
  const path = mkdtempSync(join(tmpdir(), 'lanchat-lock-'))
  onTestFinished(() => rmSync(path, { recursive: true, force: true }))
  return path
}

describe('lockDataDirectory', () => {
  it('should claim a directory with this pid and give it free again', () => {
    const dataDir = directory()
    const release = lockDataDirectory(dataDir)
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).toBe(String(process.pid))
    release()
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)
  })

  it('should refuse a directory a running process holds, naming it', () => {
    const dataDir = directory()
    // The parent of this test process is alive for as long as the test runs.
    writeFileSync(join(dataDir, LOCK_FILE), String(process.ppid))
    expect(() => lockDataDirectory(dataDir)).toThrow(DataDirectoryError)
    expect(() => lockDataDirectory(dataDir)).toThrow(`another lanchat server (pid ${process.ppid}) is using the data directory`)
  })

  it('should take over a lock whose process is gone, as after a crash', () => {
    const dataDir = directory()
    const gone = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' })
    writeFileSync(join(dataDir, LOCK_FILE), gone.stdout.trim())
    const release = lockDataDirectory(dataDir)
    expect(readFileSync(join(dataDir, LOCK_FILE), 'utf8')).toBe(String(process.pid))
    release()
  })
})
