import type { ChatMessage } from '@lanchat/protocol'
import { LanchatClient } from '@lanchat/client'
import { describe, expect, it, onTestFinished } from 'vitest'
import { startRedis } from '../../../../scripts/test-services.mjs'
import { waitFor } from '../harness.js'
import { freshSpace, startBalancer, startNode, storedLog } from './cluster.js'

/** A real SDK client, and what its app saw: every message.created, in order. */
interface Member {
  client: LanchatClient
  seen: ChatMessage[]
}

/** A real SDK client through the balancer; closed when the test ends. */
async function member(url: string, name: string): Promise<Member> {
  const client = new LanchatClient({ url, name })
  onTestFinished(() => client.close())
  await client.connect()
  const seen: ChatMessage[] = []
  client.on('message.created', ({ message }) => seen.push(message))
  return { client, seen }
}

function expectEveryMessageOnceInOrder(seen: readonly ChatMessage[], room: string, count: number): void {
  const seqs = seen.filter((message) => message.room === room).map((message) => message.seq)
  expect(seqs).toEqual(Array.from({ length: count }, (_, index) => index + 1))
}

describe('several nodes on PostgreSQL and Redis', { timeout: 60_000 }, () => {
  it('should give clients spread over three nodes every message of their room once, in order, with contiguous seqs', async () => {
    const space = freshSpace()
    const nodes = await Promise.all([startNode(space), startNode(space), startNode(space)])
    const balancer = await startBalancer(nodes.map((node) => node.port))
    const members: Member[] = []
    for (let index = 0; index < 6; index++) members.push(await member(balancer.url, `Member ${index}`))
    const { room } = await members[0]!.client.create({ name: 'Everyone' })
    for (const { client } of members.slice(1)) await client.join(room.id)
    // Everyone talks at once: the nodes append to one room concurrently.
    const perMember = 15
    await Promise.all(
      members.flatMap(({ client }, who) =>
        Array.from({ length: perMember }, (_, index) => client.send(room.id, `${who}:${index}`).acked),
      ),
    )
    const total = members.length * perMember
    await waitFor(() => members.every(({ seen }) => seen.length >= total), 15_000, 'every message at every member')
    for (const { seen } of members) expectEveryMessageOnceInOrder(seen, room.id, total)
    const stored = await storedLog(space, room.id)
    expect(stored.map((event) => event.seq)).toEqual(Array.from({ length: total }, (_, index) => index + 1))
    expect(new Set(stored.map((event) => event.clientMsgId)).size).toBe(total)
  })

  it('should move the clients of a node killed with -9 to another node, with no message lost or doubled', async () => {
    const space = freshSpace()
    const nodes = await Promise.all([startNode(space), startNode(space)])
    const balancer = await startBalancer(nodes.map((node) => node.port))
    // Alternating: members 0 and 2 on the first node, 1 and 3 on the second.
    const members: Member[] = []
    for (let index = 0; index < 4; index++) members.push(await member(balancer.url, `Member ${index}`))
    const { room } = await members[0]!.client.create({ name: 'Failover' })
    for (const { client } of members.slice(1)) await client.join(room.id)

    const perMember = 40
    const acked: Array<Promise<unknown>> = []
    for (let index = 0; index < perMember; index++) {
      for (const [who, { client }] of members.entries()) acked.push(client.send(room.id, `${who}:${index}`).acked)
      if (index === 15) {
        // Mid-conversation, the first node dies: its clients' sockets drop, the balancer sends them to the other.
        balancer.remove(nodes[0]!.port)
        await nodes[0]!.kill()
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await Promise.all(acked)
    const total = members.length * perMember
    await waitFor(() => members.every(({ seen }) => seen.length >= total), 20_000, 'every message at every member')
    for (const { seen } of members) expectEveryMessageOnceInOrder(seen, room.id, total)
    const stored = await storedLog(space, room.id)
    expect(stored.map((event) => event.seq)).toEqual(Array.from({ length: total }, (_, index) => index + 1))
    const sent = members.flatMap(({ seen }) => seen.filter((message) => message.room === room.id).map((message) => message.clientMsgId))
    expect(new Set(stored.map((event) => event.clientMsgId))).toEqual(new Set(sent))
  })

  it('should heal every node after Redis restarts mid-traffic, so no client sees a gap', async () => {
    const redis = await startRedis()
    onTestFinished(() => current.stop())
    let current = redis
    const space = freshSpace(redis.url)
    const nodes = await Promise.all([startNode(space), startNode(space)])
    const balancer = await startBalancer(nodes.map((node) => node.port))
    const members: Member[] = []
    for (let index = 0; index < 4; index++) members.push(await member(balancer.url, `Member ${index}`))
    const { room } = await members[0]!.client.create({ name: 'Outage' })
    for (const { client } of members.slice(1)) await client.join(room.id)

    const perMember = 30
    const acked: Array<Promise<unknown>> = []
    for (let index = 0; index < perMember; index++) {
      for (const [who, { client }] of members.entries()) acked.push(client.send(room.id, `${who}:${index}`).acked)
      if (index === 10) await current.stop()
      if (index === 20) current = await startRedis({ port: redis.port })
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    await Promise.all(acked)
    const total = members.length * perMember
    await waitFor(() => members.every(({ seen }) => seen.length >= total), 20_000, 'every message at every member')
    for (const { seen } of members) expectEveryMessageOnceInOrder(seen, room.id, total)
  })

  it('should hold a mute and a ban made on one node on the others: the muted cannot post, the banned are put out there', async () => {
    const space = freshSpace()
    const nodes = await Promise.all([startNode(space), startNode(space)])
    const balancer = await startBalancer(nodes.map((node) => node.port))
    // Alternating: the owner on the first node, the others on the second and first.
    const owner = await member(balancer.url, 'Owner')
    const troll = await member(balancer.url, 'Troll')
    const { room } = await owner.client.create({ name: 'Moderated', access: 'public', code: 'moderated' })
    await troll.client.join(room.id)
    const trollId = troll.client.user?.id ?? ''
    await owner.client.manageMember(room.id, 'mute', { user: trollId })
    await waitFor(() => troll.client.rooms.get(room.id)?.info.muted?.includes(trollId) === true, 5_000, 'the mute at the troll')
    // The troll's node reads the new settings again as the change arrives: from then on its messages are refused.
    let outcome: string | undefined
    for (let attempt = 0; attempt < 50 && outcome !== 'FORBIDDEN'; attempt++) {
      outcome = await troll.client.send(room.id, `spam ${attempt}`).acked.then(
        () => 'sent',
        (error: { code?: string }) => error.code,
      )
      if (outcome !== 'FORBIDDEN') await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(outcome).toBe('FORBIDDEN')
    const removed = new Promise((resolve) => troll.client.on('room.removed', resolve))
    await owner.client.manageMember(room.id, 'ban', { user: trollId })
    await expect(removed).resolves.toMatchObject({ room: room.id, reason: 'banned' })
    expect(troll.client.rooms.has(room.id)).toBe(false)
    await expect(troll.client.join(room.id)).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
