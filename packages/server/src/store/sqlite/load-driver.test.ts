import { describe, expect, it, vi } from 'vitest'

describe('loadDriver', () => {
  it('should load better-sqlite3 when it is installed', async () => {
    const { loadDriver } = await import('./load-driver.js')
    expect(typeof (await loadDriver())).toBe('function')
  })

  it('should tell the host to install better-sqlite3 when it is missing', async () => {
    vi.resetModules()
    vi.doMock('better-sqlite3', () => {
      throw new Error("Cannot find package 'better-sqlite3'")
    })
    try {
      const { loadDriver } = await import('./load-driver.js')
      await expect(loadDriver()).rejects.toMatchObject({
        code: 'LANCHAT_ERR_STORE_DRIVER_MISSING',
        message: expect.stringContaining('npm i better-sqlite3'),
      })
    } finally {
      vi.doUnmock('better-sqlite3')
      vi.resetModules()
    }
  })
})
