import { LanchatAccounts, type ChatMessage } from '@lanchat/client'
import { beforeAll, describe, expect, it } from 'vitest'
import { assertBuilt, cliEnvironment, connectPerson, runCli, spawnCli, startServer, temporaryDirectory, waitFor, type TestServer } from './harness.js'

beforeAll(assertBuilt)

const PASSWORD = 'correct horse battery staple'

/** Makes `name` an account (a guest who claimed the name with the SDK) and signs the CLI in as it, in a fresh config. */
async function accountConfig(server: TestServer, name: string): Promise<string> {
  const guest = await connectPerson(server.url, name)
  await new LanchatAccounts({ url: server.url }).claim(String(guest.session), PASSWORD)
  await guest.close()
  const configHome = await temporaryDirectory()
  const login = await runCli(['login', '--server', server.address, '--name', name, '--password-stdin'], { env: cliEnvironment(configHome), input: `${PASSWORD}\n` })
  expect(login.code).toBe(0)
  return configHome
}

describe('direct messages, room management, the directory and invites from the CLI', () => {
  it('should open a direct conversation with /msg between two accounts, seen by the other and not by a third', async () => {
    const server = await startServer()
    const mariaConfig = await accountConfig(server, 'Maria')
    const peteConfig = await accountConfig(server, 'Pete')
    // Carol is in the lobby too, and sees everything she is allowed to.
    const carol = await connectPerson(server.url, 'Carol')
    await carol.join('lobby')
    const atCarol: ChatMessage[] = []
    const addedAtCarol: string[] = []
    carol.on('message.created', ({ message }) => atCarol.push(message))
    carol.on('room.added', ({ room }) => addedAtCarol.push(room.id))

    const pete = spawnCli([server.address], { env: cliEnvironment(peteConfig) })
    await pete.waitForStdout('-- lobby')
    const maria = spawnCli([server.address], { env: cliEnvironment(mariaConfig) })
    await maria.waitForStdout('-- lobby')
    await waitFor(() => carol.rooms.get('lobby')?.members.length === 3, 'everyone to be in the lobby')

    // Any case; the text goes to the conversation, which Pete gets as a room of its own, named after Maria.
    maria.child.stdin.write('/msg pete are you free at five?\n')
    await maria.waitForStdout('Sent to Pete in your direct conversation')
    await pete.waitForStdout(/-- Maria: \d (person|people) here --/)
    await pete.waitForStdout(/\[Maria\] Maria ✓: are you free at five\?/)
    pete.child.stdin.write('/switch Maria\nyes, see you then\n')
    await maria.waitForStdout(/\[Pete\] Pete ✓: yes, see you then/)

    // Someone who is not in the conversation: no message, no room, and it does not even exist for her.
    const direct = server.app.lanchat.rooms().find((room) => room.direct !== undefined)
    expect(direct?.direct?.map((member) => member.name).sort()).toEqual(['Maria', 'Pete'])
    const dmId = direct?.id as string
    await carol.send('lobby', 'anyone?').acked
    await maria.waitForStdout('Carol: anyone?')
    expect(atCarol.map((message) => message.text)).toEqual(['anyone?'])
    expect(addedAtCarol).toEqual([])
    expect([...carol.rooms.keys()]).toEqual(['lobby'])
    await expect(carol.join(dmId)).rejects.toMatchObject({ code: 'ROOM_NOT_FOUND' })
    await expect(carol.history(dmId)).rejects.toMatchObject({ code: expect.stringMatching(/ROOM_NOT_FOUND|NOT_A_MEMBER/) })
    expect((await carol.listRooms()).some(({ room }) => room.id === dmId)).toBe(false)

    maria.child.stdin.write('/msg Nobody hello\n/msg\n')
    await maria.waitForStdout('No one called Nobody is in your rooms')
    await maria.waitForStdout('usage: /msg NAME')
    maria.child.stdin.end()
    pete.child.stdin.end()
    expect(await maria.exited).toBe(0)
    expect(await pete.exited).toBe(0)

    // The conversation stays Pete's: the next run shows it from the start, with what was said.
    const again = spawnCli([server.address], { env: cliEnvironment(peteConfig) })
    await again.waitForStdout(/-- Maria: \d (person|people) here --/)
    // (Maria is offline: the account mark comes from the member list.)
    await again.waitForStdout(/\[Maria\] Maria: are you free at five\?/)
    again.child.stdin.end()
    expect(await again.exited).toBe(0)
  })

  it('should send a direct message from a script with lanchat send --to, exit 3 for no one by that name', async () => {
    const server = await startServer()
    const maria = await connectPerson(server.url, 'Maria')
    await maria.join('lobby')
    const atMaria: ChatMessage[] = []
    maria.on('message.created', ({ message }) => atMaria.push(message))
    const env = cliEnvironment(await temporaryDirectory())

    const sent = await runCli(['send', '--url', server.address, '--name', 'deploy-bot', '--to', 'maria', 'the build is green'], { env })
    expect(sent.stderr).toBe('')
    expect(sent.code).toBe(0)
    await waitFor(() => atMaria.some((message) => message.text === 'the build is green'), 'Maria to get the direct message')
    const message = atMaria.find((candidate) => candidate.text === 'the build is green') as ChatMessage
    expect(message.room).not.toBe('lobby')
    expect(maria.rooms.get(message.room)?.info.direct?.map((member) => member.name).sort()).toEqual(['Maria', 'deploy-bot'])

    const nobody = await runCli(['send', '--url', server.address, '--name', 'deploy-bot', '--to', 'Nobody', 'hello'], { env })
    expect(nobody.code).toBe(3)
    expect(nobody.stderr).toContain('no one called Nobody')
    const both = await runCli(['send', '--url', server.address, '--room', 'lobby', '--to', 'maria', 'hello'], { env })
    expect(both.code).toBe(1)
  })

  it('should say when the server does not let guests start direct messages (exit 4 from send --to, a line in the chat)', async () => {
    const server = await startServer({ guests: { directMessages: 'accounts' } })
    const maria = await connectPerson(server.url, 'Maria')
    await maria.join('lobby')
    const env = cliEnvironment(await temporaryDirectory())
    const refused = await runCli(['send', '--url', server.address, '--name', 'Guest', '--to', 'Maria', 'hi'], { env })
    expect(refused.code).toBe(4)
    expect(refused.stderr).toMatch(/^lanchat: cannot write to Maria: /)
    const chat = await runCli([server.address, '--name', 'Guest'], { env, input: '/msg Maria hi\n' })
    expect(chat.code).toBe(0)
    expect(chat.stdout).toMatch(/\[lobby\] ! \/msg: not allowed: /)
  })

  it('should list the public rooms only with lanchat rooms, as lines or JSON, filtered by words', async () => {
    const server = await startServer()
    const owner = await connectPerson(server.url, 'Olga')
    await owner.create({ name: 'Design team', access: 'public', code: 'design' })
    await owner.updateRoom('design', { topic: 'mockups and reviews' })
    await owner.create({ name: 'Secret plans', access: 'private', code: 'secret-plans' })
    const codeRoom = await owner.create({ name: 'Quick chat' })
    const env = cliEnvironment(await temporaryDirectory())

    const listed = await runCli(['rooms', '--url', server.address, '--name', 'Ann'], { env })
    expect(listed.stderr).toBe('')
    expect(listed.code).toBe(0)
    expect(listed.stdout).toMatch(/^design\s+Design team\s+1 member, 1 online\s+mockups and reviews$/m)
    expect(listed.stdout).not.toContain('secret')
    expect(listed.stdout).not.toContain('Secret plans')
    expect(listed.stdout).not.toContain('Quick chat')

    const json = await runCli(['rooms', '--url', server.address, '--name', 'Ann', '--json'], { env })
    const rooms = JSON.parse(json.stdout) as Array<{ room: { id: string; access?: string }; members: number; online: number }>
    expect(rooms.map(({ room }) => room.id)).toContain('design')
    expect(rooms.every(({ room }) => room.access === 'public')).toBe(true)
    expect(rooms.map(({ room }) => room.id)).not.toContain(codeRoom.room.id)

    const filtered = await runCli(['rooms', 'MOCKUPS', '--url', server.address, '--name', 'Ann', '--json'], { env })
    expect((JSON.parse(filtered.stdout) as Array<{ room: { id: string } }>).map(({ room }) => room.id)).toEqual(['design'])
    const none = await runCli(['rooms', 'nothing-like-this', '--url', server.address, '--name', 'Ann'], { env })
    expect(none.code).toBe(0)
    expect(none.stdout).toBe('')
    expect(none.stderr).toContain('no public room matches "nothing-like-this"')
  })

  it('should join a private room with an invite link through lanchat join, and refuse a revoked or missing one', async () => {
    const server = await startServer()
    const owner = await connectPerson(server.url, 'Olga')
    await owner.create({ name: 'Operations', access: 'private', code: 'ops' })
    const invite = await owner.createInvite('ops', { expiresInMs: 3_600_000 })
    const link = `http://${server.address}/#join=ops&invite=${invite.token ?? ''}`
    const atOwner: ChatMessage[] = []
    owner.on('message.created', ({ message }) => atOwner.push(message))
    const ninaEnv = cliEnvironment(await temporaryDirectory())

    // Without the invite the room does not exist, as far as Nina can tell.
    const refused = await runCli(['join', 'ops', '--url', server.address, '--name', 'Nina'], { env: ninaEnv })
    expect(refused.code).toBe(3)
    expect(refused.stderr).toContain('room ops does not exist')

    // The pasted link gives the server, the room and the secret.
    const joined = await runCli(['join', link, '--name', 'Nina'], { env: ninaEnv })
    expect(joined.stderr).toBe('')
    expect(joined.code).toBe(0)
    expect(joined.stdout).toContain('Joined the private room Operations (ops)')
    await waitFor(() => atOwner.some((message) => message.event?.type === 'member.added' && message.event.member.name === 'Nina'), 'the owner to see Nina added')

    // A member now: the same guest (her session is remembered) posts there without an invite.
    const posted = await runCli(['send', '--room', 'ops', '--url', server.address, '--name', 'Nina', 'hello ops'], { env: ninaEnv })
    expect(posted.code).toBe(0)
    await waitFor(() => atOwner.some((message) => message.text === 'hello ops'), 'the owner to get the message')

    // Revoked: the same link lets no one else in.
    await owner.revokeInvite('ops', invite.id)
    const late = await runCli(['join', 'ops', '--invite', invite.token ?? '', '--url', server.address, '--name', 'Otto'], { env: cliEnvironment(await temporaryDirectory()) })
    expect(late.code).toBe(3)
    expect(late.stderr).toContain('the invite to ops does not work')
    const notALink = await runCli(['join', 'http://example.com/', '--name', 'Otto'], { env: cliEnvironment(await temporaryDirectory()) })
    expect(notALink.code).toBe(1)
  })

  it('should make rooms, set the topic, make a moderator and remove someone with slash commands, shown to another CLI', async () => {
    const server = await startServer()
    const ann = spawnCli([server.address, '--name', 'Ann'], { env: cliEnvironment(await temporaryDirectory()) })
    await ann.waitForStdout('-- lobby')
    const bob = spawnCli([server.address, '--name', 'Bob'], { env: cliEnvironment(await temporaryDirectory()) })
    await bob.waitForStdout('-- lobby')

    ann.child.stdin.write('/create --public --code design Design team\n')
    await ann.waitForStdout('Created the public room Design team (design)')
    bob.child.stdin.write('/list\n')
    await bob.waitForStdout(/design {2}Design team · 1 member, 1 online/)
    bob.child.stdin.write('/join design\n')
    await bob.waitForStdout('-- design (Design team): 2 people here --')
    bob.child.stdin.write('/notify none\n/rooms\n')
    await bob.waitForStdout('Design team (design) now notifies you of nothing, on all your devices.')
    await bob.waitForStdout('2. design Design team (2 people, notifications off)  ← here')

    // A moderator's change reaches every member as a line from the server.
    ann.child.stdin.write('/topic mockups and reviews\n')
    await bob.waitForStdout('[design] * Ann set the topic to “mockups and reviews”')
    bob.child.stdin.write('/topic mockups only\n')
    await bob.waitForStdout(/\/topic: not allowed/)
    ann.child.stdin.write('/op bob\n')
    await bob.waitForStdout('Ann made Bob a moderator')
    bob.child.stdin.write('/topic mockups only\n/who\n')
    await ann.waitForStdout('[design] * Bob set the topic to “mockups only”')
    await bob.waitForStdout(/In design \(2\): (Ann \(owner\), Bob \(you\) \(moderator\)|Bob \(you\) \(moderator\), Ann \(owner\))/)

    // The owner puts Bob out: his view of the room goes, and he is told why and by whom.
    ann.child.stdin.write('/kick Bob\n')
    await bob.waitForStdout('You were removed from Design team (design) by Ann.')
    await ann.waitForStdout('[design] * Ann removed Bob')
    bob.child.stdin.write('/rooms\n')
    await bob.waitForStdout(/Your rooms[^\n]*\n[^\n]*1\. lobby[^\n]*← here\n(?![^\n]*design)/)

    // Deleting asks first.
    ann.child.stdin.write('/delete-room\n')
    await ann.waitForStdout('To do it, type: /delete-room design')
    ann.child.stdin.write('/delete-room design\n')
    await ann.waitForStdout('Deleted Design team (design) with its messages.')

    // Invited by name to a private room, Bob is in it at once; muted, he cannot post there.
    ann.child.stdin.write('/create --private --code ops Operations\n/invite bob\n')
    await bob.waitForStdout(/You are now in ops \(Operations\) \(Alt\+\d or \/switch \d\)\./)
    await bob.waitForStdout('-- ops (Operations): 2 people here --')
    ann.child.stdin.write('/mute Bob\n')
    await bob.waitForStdout('[ops] * Ann muted Bob')
    bob.child.stdin.write('/switch ops\nmay I speak?\n')
    await bob.waitForStdout(/\[ops\] ! Not sent \(not allowed: [^)]*\): may I speak\?/)
    ann.child.stdin.end()
    bob.child.stdin.end()
    expect(await ann.exited).toBe(0)
    expect(await bob.exited).toBe(0)
  })
})
