import { mkdtemp, readFile, rm, stat, writeFile, mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { accountFor, configPath, readConfig, sessionFor, updateConfig, withAccount, withSession, writeConfig } from './config-file.js'

async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'lanchat-config-'))
  onTestFinished(() => rm(directory, { recursive: true, force: true }))
  return directory
}

describe('configPath', () => {
  it('should use XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ XDG_CONFIG_HOME: '/x/config', HOME: '/home/m' })).toBe('/x/config/lanchat/config.json')
    expect(configPath({ XDG_CONFIG_HOME: '', HOME: '/home/m' })).toBe('/home/m/.config/lanchat/config.json')
    expect(configPath({ HOME: '/home/m' })).toBe('/home/m/.config/lanchat/config.json')
  })
})

describe('config file', () => {
  it('should read an empty config when there is no file', async () => {
    const directory = await temporaryDirectory()
    expect(await readConfig(join(directory, 'lanchat', 'config.json'))).toEqual({})
  })

  it('should write the name and session tokens readable by the owner only, and read them back', async () => {
    const path = join(await temporaryDirectory(), 'lanchat', 'config.json')
    await writeConfig(path, { name: 'Maria', sessions: { 'ws://10.0.0.2:5000/ws': { Maria: 'secret' } } })
    expect(await readConfig(path)).toEqual({ name: 'Maria', sessions: { 'ws://10.0.0.2:5000/ws': { Maria: 'secret' } } })
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect((await stat(dirname(path))).mode & 0o777).toBe(0o700)
  })

  it('should treat a broken file as empty and fix it on the next update', async () => {
    const path = join(await temporaryDirectory(), 'lanchat', 'config.json')
    await mkdir(dirname(path), { recursive: true })
    await writeFile(path, '{ not json')
    expect(await readConfig(path)).toEqual({})
    await updateConfig(path, (config) => ({ ...config, name: 'Pete' }))
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ name: 'Pete' })
  })

  it('should ignore fields of the wrong type', async () => {
    const path = join(await temporaryDirectory(), 'config.json')
    await writeFile(path, JSON.stringify({ name: 42, sessions: { a: 1, b: { Maria: 2 } } }))
    expect(await readConfig(path)).toEqual({})
  })

  it('should keep one session per server and name, and move it on a rename', () => {
    const url = 'ws://10.0.0.2:5000/ws'
    let config = withSession({}, url, 'Maria', 'one')
    config = withSession(config, url, 'ops-bot', 'two')
    expect(sessionFor(config, url, 'Maria')).toBe('one')
    expect(sessionFor(config, url, 'ops-bot')).toBe('two')
    config = withSession(config, url, 'Mia', 'one', 'Maria')
    expect(config.sessions).toEqual({ [url]: { 'ops-bot': 'two', Mia: 'one' } })
    expect(sessionFor(config, 'ws://elsewhere/ws', 'Mia')).toBeUndefined()
  })

  it('should keep one account per server, written with mode 0600, and forget it on logout', async () => {
    const path = join(await temporaryDirectory(), 'lanchat', 'config.json')
    const url = 'ws://10.0.0.2:5000/ws'
    await updateConfig(path, (config) => withAccount(config, url, { name: 'Maria', token: 'account-secret' }))
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    const config = await readConfig(path)
    expect(accountFor(config, url)).toEqual({ name: 'Maria', token: 'account-secret' })
    expect(accountFor(config, 'ws://elsewhere/ws')).toBeUndefined()
    expect(withAccount(config, url, undefined)).toEqual({})
  })
})
