import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Fastify from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { LanchatAccounts, type LanchatClient } from '@lanchat/client'
import lanchat, { openSqliteStore } from '@lanchat/server'
import { connectClient, nextClientEvent, waitFor } from './harness.js'

const PASSWORD = 'correct horse battery staple'

/** A real server on a SQLite file (so it can be restarted with everything kept), on `port` (0: a free one). */
async function startDurableServer(path: string, port = 0) {
  const store = await openSqliteStore({ path })
  const app = Fastify({ logger: false })
  await app.register(lanchat, { store })
  await app.listen({ port, host: '127.0.0.1' })
  const stop = async () => {
    await app.close()
    await store.close()
  }
  onTestFinished(stop)
  const address = app.server.address()
  if (address === null || typeof address === 'string') throw new Error('server has no port')
  return { app, stop, port: address.port, url: `ws://127.0.0.1:${address.port}/ws` }
}

function temporaryDatabase(): string {
  const directory = mkdtempSync(join(tmpdir(), 'lanchat-rooms-'))
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }))
  return join(directory, 'lanchat.db')
}

/** A guest who claims their name: the account's token, to sign in with. */
async function account(url: string, name: string): Promise<string> {
  const guest = await connectClient(url, name)
  const { token } = await new LanchatAccounts({ url }).claim(guest.session as string, PASSWORD, { device: 'test' })
  await guest.close()
  return token
}

function texts(client: LanchatClient, room: string): string[] {
  return (client.timeline(room)?.snapshot.entries ?? []).flatMap((entry) => (entry.kind === 'message' ? [entry.message.text] : []))
}

describe('direct conversations and private rooms through the SDK', () => {
  it('should keep a DM between two accounts private, and bring it back to both after a restart', async () => {
    const path = temporaryDatabase()
    const first = await startDurableServer(path)
    const mariaToken = await account(first.url, 'Maria')
    const peteToken = await account(first.url, 'Pete')
    const maria = await connectClient(first.url, 'Maria', { token: mariaToken })
    const pete = await connectClient(first.url, 'Pete', { token: peteToken })
    const eve = await connectClient(first.url, 'Eve')

    const added = nextClientEvent(pete, 'room.added')
    const { room } = await maria.openDm([pete.user?.id ?? ''])
    expect((await added).room.id).toBe(room.id)
    await maria.send(room.id, 'lunch at noon?').acked
    await waitFor(() => texts(pete, room.id).includes('lunch at noon?'), 5_000, 'the DM at Pete')
    await expect(eve.join(room.id)).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
    await expect(eve.history(room.id)).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
    expect(eve.rooms.has(room.id)).toBe(false)

    // The server restarts; both sign in on new devices and find the conversation with its messages.
    await Promise.all([maria.close(), pete.close(), eve.close()])
    await first.stop()
    const second = await startDurableServer(path)
    const peteAgain = await connectClient(second.url, 'Pete', { token: peteToken })
    const mariaAgain = await connectClient(second.url, 'Maria', { token: mariaToken })
    for (const client of [peteAgain, mariaAgain]) {
      expect(client.rooms.get(room.id)?.info.direct?.map((person) => person.name).sort()).toEqual(['Maria', 'Pete'])
      expect(texts(client, room.id)).toEqual(['lunch at noon?'])
    }
    await peteAgain.send(room.id, 'yes!').acked
    await waitFor(() => texts(mariaAgain, room.id).includes('yes!'), 5_000, 'the answer at Maria')
  })

  it('should let a moderator manage a room, and show every change to a member who was offline', async () => {
    const path = temporaryDatabase()
    const server = await startDurableServer(path)
    const owner = await connectClient(server.url, 'Owner')
    const { room } = await owner.create({ name: 'Physics', access: 'private', code: 'physics' })
    const invite = await owner.createInvite(room.id, { maxUses: 5 })
    const ann = await connectClient(server.url, 'Ann')
    await ann.join(room.id, { invite: invite.token ?? '' })
    const session = ann.session
    await ann.close()

    await owner.updateRoom(room.id, { name: 'Physics 2B', topic: 'Exam on Friday' })
    await owner.revokeInvite(room.id, invite.id)
    await owner.setNotify(room.id, 'all')

    // Ann comes back on her session: the welcome brings the private room, and the changes are in its info.
    const back = await connectClient(server.url, 'Ann', { session })
    const state = back.rooms.get(room.id)
    expect(state?.info).toMatchObject({ name: 'Physics 2B', topic: 'Exam on Friday', access: 'private', owner: owner.user?.id })
    expect(state?.notify).toBe('mentions')
    // Revoked: nobody else gets in with the link, and the room still does not exist for them.
    const bob = await connectClient(server.url, 'Bob')
    await expect(bob.join(room.id, { invite: invite.token ?? '' })).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
    expect(await bob.listRooms()).toEqual([])
  })
})
