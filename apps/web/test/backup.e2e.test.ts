import { readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
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

    // A restore under a running server is refused: it would pull the file from under it.
    const tooEarly = runCli(['restore', copy, '--data-dir', dataDir])
    expect(await tooEarly.exited).toBe(1)
    expect(tooEarly.output().stderr).toContain('another lanchat server')

    // The chat goes on after the backup: these messages are lost by the restore.
    const countAtBackup = acked.length
    while (clients.flatMap(({ acks }) => acks).length < countAtBackup + 10) await new Promise((resolve) => setTimeout(resolve, 20))
    for (const client of clients) await client.stop()
    expect(await server.stop('SIGTERM')).toBe(0)
    const epochBefore = lobbyOf(join(dataDir, 'lanchat.db'))

    // Restore: the server stopped, the copy put back in its data directory.
    const restore = runCli(['restore', copy, '--data-dir', dataDir])
    expect(await restore.exited).toBe(0)
    expect(restore.output().stdout).toMatch(/^Restored .*lanchat-backup\.db to .*lanchat\.db: \d+ rooms, each with a new epoch\./)
    const after = lobbyOf(join(dataDir, 'lanchat.db'))
    expect(after.epoch).not.toBe(epochBefore.epoch)
    expect(after.lastSeq).toBeLessThan(epochBefore.lastSeq)
    const restored = await startServerProcess({ dataDir, port: 0 })
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

  it('should say when the backup to restore is missing, and exit with 1', async () => {
    const restore = runCli(['restore', join(temporaryDirectory(), 'missing.db'), '--data-dir', temporaryDirectory()])
    expect(await restore.exited).toBe(1)
    expect(restore.output().stderr).toMatch(/could not restore .*missing\.db to .*lanchat\.db: ENOENT/)
  })

  it('should say when there is no database to copy, and exit with 1', async () => {
    const backup = runCli(['backup', join(temporaryDirectory(), 'copy.db'), '--data-dir', temporaryDirectory()])
    expect(await backup.exited).toBe(1)
    expect(backup.output().stderr).toMatch(/there is no database at .*lanchat\.db\. Start the server once/)
  })
})

/** The lobby's epoch and last seq, read from a stopped server's database file. */
function lobbyOf(path: string): { epoch: string; lastSeq: number } {
  const database = new Database(path, { readonly: true })
  try {
    const row = database.prepare('SELECT epoch, last_seq AS lastSeq FROM rooms WHERE id = ?').get('lobby')
    return row as { epoch: string; lastSeq: number }
  } finally {
    database.close()
  }
}
