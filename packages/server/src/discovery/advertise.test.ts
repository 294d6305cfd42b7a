import { randomBytes } from 'node:crypto'
import { Bonjour, type Service } from 'bonjour-service'
import type { FastifyBaseLogger } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { advertiseLanchat, isReachableFromLan, LANCHAT_SERVICE_TYPE } from './advertise.js'

/** A logger that keeps what it was given, so a test can read the warnings. */
function recordingLogger() {
  const entries: Array<{ level: string; args: unknown[] }> = []
  const record =
    (level: string) =>
    (...args: unknown[]) => {
      entries.push({ level, args })
    }
  const log = {
    level: 'info',
    fatal: record('fatal'),
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    trace: record('trace'),
    silent: () => {},
    child: () => log,
  }
  return { log: log as unknown as FastifyBaseLogger, entries }
}

/** A DNS-SD browser for `_lanchat._tcp`, destroyed when the test ends. */
function browse() {
  const bonjour = new Bonjour()
  const browser = bonjour.find({ type: LANCHAT_SERVICE_TYPE })
  onTestFinished(
    () =>
      new Promise<void>((resolve) => {
        browser.stop()
        bonjour.destroy(() => resolve())
      }),
  )
  function waitFor(event: 'up' | 'down', name: string, timeoutMs = 4_000): Promise<Service> {
    return new Promise((resolve, reject) => {
      const already = event === 'up' ? browser.services.find((service) => service.name === name) : undefined
      if (already) return resolve(already)
      const timer = setTimeout(() => {
        browser.removeListener(event, listener)
        reject(new Error(`no "${event}" for ${name} within ${timeoutMs} ms`))
      }, timeoutMs)
      function listener(service: Service) {
        if (service.name !== name) return
        clearTimeout(timer)
        browser.removeListener(event, listener)
        resolve(service)
      }
      browser.on(event, listener)
      // Ask again now: the first query may have gone out before the service was published.
      if (event === 'up') browser.update()
    })
  }
  return { waitFor }
}

function uniqueName(): string {
  return `lanchat test ${randomBytes(4).toString('hex')}`
}

describe('advertiseLanchat', () => {
  it('should publish _lanchat._tcp with the name, port and TXT path and proto, and withdraw it on stop', async () => {
    const { log } = recordingLogger()
    const name = uniqueName()
    const browser = browse()
    const advertisement = advertiseLanchat({ port: 45_123, path: '/chat/ws', name, log })
    onTestFinished(() => advertisement.stop())

    const found = await browser.waitFor('up', name)
    expect(found.port).toBe(45_123)
    expect(found.type).toBe(LANCHAT_SERVICE_TYPE)
    expect(found.protocol).toBe('tcp')
    expect(found.txt).toEqual({ path: '/chat/ws', proto: '1' })
    expect(found.addresses?.length).toBeGreaterThan(0)

    const gone = browser.waitFor('down', name)
    await advertisement.stop()
    expect((await gone).name).toBe(name)
  })

  it('should take "name (2)" when another server on the network already has the name', async () => {
    const { log } = recordingLogger()
    const name = uniqueName()
    const browser = browse()
    const first = advertiseLanchat({ port: 45_124, path: '/ws', name, log })
    onTestFinished(() => first.stop())
    await browser.waitFor('up', name)

    const second = advertiseLanchat({ port: 45_125, path: '/ws', name, log })
    onTestFinished(() => second.stop())
    const renamed = await browser.waitFor('up', `${name} (2)`)
    expect(renamed.port).toBe(45_125)
  })

  it('should resolve stop at once when called twice or before anything was published', async () => {
    const { log, entries } = recordingLogger()
    const advertisement = advertiseLanchat({ port: 45_126, path: '/ws', name: uniqueName(), log })
    await advertisement.stop()
    await advertisement.stop()
    expect(entries.filter((entry) => entry.level === 'warn')).toEqual([])
  })
})

describe('isReachableFromLan', () => {
  it('should say a server on every interface or on a LAN address can be reached', () => {
    for (const address of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.7', 'fe80::1', '::ffff:192.168.1.20']) {
      expect(isReachableFromLan(address), address).toBe(true)
    }
  })

  it('should say a server bound to loopback only cannot, so it is not advertised', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST']) {
      expect(isReachableFromLan(address), address).toBe(false)
    }
  })
})
