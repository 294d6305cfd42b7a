import { copyFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LanchatClient } from '@lanchat/client'
import { describe, expect, it, onTestFinished } from 'vitest'
import { ChattyClient, expectDatabaseHolds } from './durable-store.js'
import { runCli, startServerProcess, temporaryDirectory } from './server-process.js'

describe('dist/server.js backup', () => {
  it('should copy the database while clients keep sending, into a sound copy that restores', async () => {
    const dataDir = temporaryDirectory()
    const server = await startServerProcess({ dataDir, port: 0 })
    const clients = [
      await ChattyClient.connect(server.socketUrl, 'Ana'),
      await ChattyClient.connect(server.socketUrl, 'Ben'),
      await ChattyClient.connect(server.socketUrl, 'Cleo'),
    ]
    for (const client of clients) client.start(['lobby'])
    while (clients.some(({ acks }) => acks.length < 10)) await new Promise((resolve) => setTimeout(resolve, 20))

    const acked = clients.flatMap(({ acks }) => acks)
    const backups = temporaryDirectory()
    const copy = join(backups, 'lanchat-backup.db')
    // A leftover of an older copy next to the destination must not be read as part of the new one.
    writeFileSync(`${copy}-wal`, 'stale')
    const backup = runCli(['backup', copy, '--data-dir', dataDir])
    expect(await backup.exited).toBe(0)
    expect(backup.output().stdout).toMatch(/^Copying .*lanchat\.db \(\d+ pages\)…\nBackup written to .*lanchat-backup\.db \(\d+ KiB, integrity check ok\)\.\n$/)
    expect(readdirSync(backups)).toEqual(['lanchat-backup.db'])
    expectDatabaseHolds(copy, acked)

    for (const client of clients) await client.stop()
    expect(await server.stop('SIGTERM')).toBe(0)

    // Restore: a stopped server, the copy as <data-dir>/lanchat.db.
    const restoredDir = temporaryDirectory()
    copyFileSync(copy, join(restoredDir, 'lanchat.db'))
    const restored = await startServerProcess({ dataDir: restoredDir, port: 0 })
    const reader = new LanchatClient({ url: restored.socketUrl, name: 'Reader' })
    onTestFinished(() => reader.close())
    await reader.connect()
    await reader.join('lobby')
    const stored = new Set<string>()
    for (let before: number | undefined, hasMore = true; hasMore; ) {
      const page = await reader.history('lobby', before === undefined ? {} : { before })
      for (const message of page.messages) stored.add(`${message.seq}:${message.clientMsgId}`)
      hasMore = page.hasMore
      before = page.messages[0]?.seq
    }
    expect(acked.filter((ack) => !stored.has(`${ack.seq}:${ack.clientMsgId}`))).toEqual([])
  })

  it('should say when there is no database to copy, and exit with 1', async () => {
    const backup = runCli(['backup', join(temporaryDirectory(), 'copy.db'), '--data-dir', temporaryDirectory()])
    expect(await backup.exited).toBe(1)
    expect(backup.output().stderr).toMatch(/there is no database at .*lanchat\.db\. Start the server once/)
  })
})
