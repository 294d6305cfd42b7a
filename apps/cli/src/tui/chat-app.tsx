import { Box, Text, useApp, useCursor, useInput } from 'ink'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { ChatSession } from '../chat/chat-session.js'
import { commonPrefix, complete } from '../chat/slash-commands.js'
import { typingText } from '../render/format-time.js'
import { sanitizeLine } from '../render/sanitize.js'
import { displayWidth, truncate } from '../render/text-width.js'
import {
  deleteBackward,
  deleteForward,
  deleteToEnd,
  deleteToStart,
  deleteWordBackward,
  EMPTY_INPUT,
  historyBack,
  historyForward,
  insertText,
  moveEnd,
  moveHome,
  moveLeft,
  moveRight,
  replaceBeforeCursor,
  submitLine,
  visibleWindow,
  type InputState,
} from './input-editing.js'
import { MemberList } from './member-list.js'
import { RoomList } from './room-list.js'
import { StyledLine } from './styled-line.js'
import { layoutTimeline, type VisualLine } from './timeline-layout.js'
import { useSessionVersion } from './use-session.js'
import { useTerminalSize } from './use-terminal-size.js'

export interface ChatAppProps {
  session: ChatSession
  /** `host:port` of the server, for the title bar. */
  serverLabel: string
  /** Colour is on (NO_COLOR and friends). */
  colour: boolean
  /** Use the light-background name colours. */
  light: boolean
}

// Column widths of the side panes, and the narrowest terminals that still show them (the status bar and the
// input prompt name the room anyway).
const ROOM_LIST_WIDTH = 18
const MEMBER_LIST_WIDTH = 20
const ROOM_LIST_MIN_COLUMNS = 60
const MEMBER_LIST_MIN_COLUMNS = 90

/** A row of blank or status text across the whole width, in reverse video like irssi's bars. */
function Bar({ text, width }: { text: string; width: number }) {
  const cut = truncate(text, width)
  return (
    <Text inverse wrap="truncate-end">
      {cut + ' '.repeat(Math.max(0, width - displayWidth(cut)))}
    </Text>
  )
}

function connectionLabel(state: string): string {
  switch (state) {
    case 'open':
      return 'connected'
    case 'reconnecting':
      return 'reconnecting…'
    case 'connecting':
      return 'connecting…'
    default:
      return 'disconnected'
  }
}

/**
 * The full-screen chat, in the spirit of irssi and weechat: a title bar, your rooms on the left, the
 * messages, the people in the room on the right, a status bar (connection, typing) and the input line at the
 * bottom, which incoming messages never touch.
 */
export function ChatApp({ session, serverLabel, colour, light }: ChatAppProps) {
  useSessionVersion(session)
  const { exit } = useApp()
  const { setCursorPosition } = useCursor()
  const { columns, rows } = useTerminalSize()
  // The input line lives in a ref: keys typed faster than a render must each see the previous key's result.
  const inputRef = useRef<InputState>(EMPTY_INPUT)
  const [, setInputVersion] = useState(0)
  const input = inputRef.current
  const [hint, setHint] = useState('')
  // Rows scrolled up from the bottom, per room (a ref for the same reason as the input).
  const scrollRef = useRef(new Map<string, number>())
  const [, setScrollVersion] = useState(0)
  const lastSeen = useRef<{ room: string | undefined; lastKey: string | undefined; total: number }>({
    room: undefined,
    lastKey: undefined,
    total: 0,
  })

  useEffect(() => session.on('quit', () => exit()), [session, exit])

  const room = session.activeRoom
  const roomId = room?.id
  // One row fewer than the terminal: a full-height frame makes ink clear the screen on every update.
  const height = Math.max(8, rows - 1)
  const showRooms = columns >= ROOM_LIST_MIN_COLUMNS
  const showMembers = columns >= MEMBER_LIST_MIN_COLUMNS && room !== undefined
  const paneWidth = Math.max(10, columns - (showRooms ? ROOM_LIST_WIDTH : 0) - (showMembers ? MEMBER_LIST_WIDTH : 0))
  const bodyHeight = height - 3
  const entries = session.timeline

  // The pane has one column of padding on its left.
  const lines: VisualLine[] = useMemo(() => layoutTimeline(entries, paneWidth - 1, { colour, light }), [entries, paneWidth, colour, light])

  // While scrolled up, keep the same lines in view when new ones arrive at the bottom.
  let offset = roomId === undefined ? 0 : (scrollRef.current.get(roomId) ?? 0)
  const lastKey = lines.at(-1)?.key
  const seen = lastSeen.current
  if (offset > 0 && seen.room === roomId && seen.lastKey !== lastKey && lines.length > seen.total) {
    offset += lines.length - seen.total
  }
  // At the top, a line says that older messages can be loaded: leave a row for it.
  const noteRow = room !== undefined && (room.hasMore || room.loadingOlder) ? 1 : 0
  const maxOffset = Math.max(0, lines.length - bodyHeight + noteRow)
  offset = Math.min(offset, maxOffset)
  lastSeen.current = { room: roomId, lastKey, total: lines.length }
  if (roomId !== undefined) scrollRef.current.set(roomId, offset)

  const atTop = offset >= maxOffset
  const topNote =
    room === undefined || !atTop
      ? undefined
      : room.loadingOlder
        ? 'loading older messages…'
        : room.hasMore
          ? 'PageUp for older messages'
          : undefined
  const paneRows = bodyHeight - (topNote === undefined ? 0 : 1)
  const end = lines.length - offset
  const visible = lines.slice(Math.max(0, end - paneRows), end)
  const padding = Math.max(0, paneRows - visible.length)

  // The input line: a prompt with the room, then the part of the text around the cursor.
  const prompt = `[${room?.label ?? 'no room'}] `
  const inputWidth = Math.max(1, columns - displayWidth(prompt))
  const { shown, cursorColumn } = visibleWindow(input.text, input.cursor, inputWidth)
  // Set during render, as ink asks: the real terminal cursor sits in the input line.
  setCursorPosition({ x: displayWidth(prompt) + cursorColumn, y: height - 1 })

  const typing = typingText(session.typing.map((member) => sanitizeLine(member.name)))
  const people = roomId === undefined ? 0 : session.members.length
  const status = ` ${[
    room === undefined ? 'no room' : `${room.label}${room.name === room.label ? '' : ` ${room.name}`} · ${people} ${people === 1 ? 'person' : 'people'}`,
    offset > 0 ? `↑ ${offset} ${offset === 1 ? 'line' : 'lines'} (PageDown)` : undefined,
    hint !== '' ? hint : typing !== '' ? typing : undefined,
    // Last: a long topic is cut, not what is happening now.
    room?.topic,
  ]
    .filter((part) => part !== undefined)
    .join(' │ ')}`
  const state = connectionLabel(session.connection)
  const statusText = `${truncate(status, Math.max(0, columns - state.length - 2))}`
  const statusPadding = Math.max(1, columns - displayWidth(statusText) - state.length - 1)

  const scrollBy = (rowsToMove: number): void => {
    if (roomId === undefined) return
    const current = scrollRef.current.get(roomId) ?? 0
    const next = Math.max(0, Math.min(maxOffset, current + rowsToMove))
    scrollRef.current.set(roomId, next)
    setScrollVersion((version) => version + 1)
    if (rowsToMove <= 0) return
    // A gap line now on screen: load what it leaves out (its newest page first, just below it).
    const shownEnd = lines.length - next
    const gapRow = lines.slice(Math.max(0, shownEnd - paneRows), shownEnd).find((line) => line.entryKey.startsWith('gap:'))
    if (gapRow !== undefined) void session.fillGap(roomId, gapRow.entryKey)
    // At the top of what is loaded: fetch the page before it.
    if (current + rowsToMove >= maxOffset) void session.loadOlder()
  }

  /** Applies an edit; tells the room you are typing when the text (not a command) changes. */
  const commit = (next: InputState, nextHint = ''): void => {
    const previous = inputRef.current
    inputRef.current = next
    setHint(nextHint)
    if (next.text !== previous.text) session.setTyping(next.text.trim() !== '' && !next.text.startsWith('/'))
    setInputVersion((version) => version + 1)
  }
  const update = (change: (state: InputState) => InputState): void => commit(change(inputRef.current))

  const send = (state: InputState): InputState => {
    const { state: cleared, line } = submitLine(state)
    if (roomId !== undefined) scrollRef.current.set(roomId, 0)
    void session.submit(line)
    return cleared
  }

  /** Tab: completes as far as the candidates agree; several candidates are listed in the status bar. */
  const completed = (state: InputState): { state: InputState; hint: string } => {
    const before = state.text.slice(0, state.cursor)
    const { candidates, replaced } = complete(before, {
      rooms: session.rooms.map((candidate) => candidate.label),
      members: session.members.map((member) => sanitizeLine(member.name)),
      people: session.people.map((person) => sanitizeLine(person.name)),
    })
    if (candidates.length === 0) return { state, hint: '' }
    const prefix = commonPrefix(candidates)
    const next =
      candidates.length === 1 || prefix.length > replaced.length
        ? replaceBeforeCursor(state, replaced, candidates.length === 1 ? (candidates[0] as string) : prefix)
        : state
    return { state: next, hint: candidates.length > 1 ? candidates.map((candidate) => candidate.trim()).join('  ') : '' }
  }

  /**
   * Typed text. Keys pressed quickly (or a paste) can arrive in one piece, so Enter and Tab inside it are
   * handled in order: each line break sends the line before it.
   */
  const typeText = (typed: string): void => {
    let state = inputRef.current
    let hintText = ''
    let run = ''
    const flush = (): void => {
      if (run !== '') state = insertText(state, run)
      run = ''
    }
    for (const character of typed) {
      if (character === '\r' || character === '\n') {
        flush()
        state = send(state)
      } else if (character === '\t') {
        flush()
        ;({ state, hint: hintText } = completed(state))
      } else {
        run += character
      }
    }
    flush()
    commit(state, hintText)
  }

  useInput((typed, key) => {
    if (key.ctrl && typed === 'c') return exit()
    if (key.ctrl && typed === 'd') return inputRef.current.text === '' ? exit() : update(deleteForward)
    if (key.return) return commit(send(inputRef.current))
    if (key.tab) {
      const { state, hint: hintText } = completed(inputRef.current)
      return commit(state, hintText)
    }
    if (key.pageUp) return scrollBy(paneRows - 1)
    if (key.pageDown) return scrollBy(-(paneRows - 1))
    if (key.meta && /^[1-9]$/.test(typed)) {
      session.switchTo(Number(typed))
      return
    }
    if (key.ctrl && (typed === 'n' || typed === 'p')) {
      const rooms = session.rooms
      const index = rooms.findIndex((candidate) => candidate.id === roomId)
      const next = rooms[(index + (typed === 'n' ? 1 : rooms.length - 1)) % Math.max(1, rooms.length)]
      if (next !== undefined) session.switchTo(next.id)
      return
    }
    if (key.upArrow) return update(historyBack)
    if (key.downArrow) return update(historyForward)
    if (key.leftArrow) return update(moveLeft)
    if (key.rightArrow) return update(moveRight)
    if (key.home || (key.ctrl && typed === 'a')) return update(moveHome)
    if (key.end || (key.ctrl && typed === 'e')) return update(moveEnd)
    // Terminals send DEL (0x7f) for Backspace, which ink reports as `delete`.
    if (key.backspace || key.delete) return update(deleteBackward)
    if (key.ctrl && typed === 'u') return update(deleteToStart)
    if (key.ctrl && typed === 'k') return update(deleteToEnd)
    if (key.ctrl && typed === 'w') return update(deleteWordBackward)
    if (key.escape) return setHint('')
    if (key.ctrl || key.meta || typed === '') return
    typeText(typed)
  })

  const title = ` lanchat · ${serverLabel} · ${sanitizeLine(session.name)}${room === undefined ? '' : ` · ${room.label}`}`

  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Bar text={title} width={columns} />
      <Box flexDirection="row" height={bodyHeight}>
        {showRooms ? <RoomList rooms={session.rooms} activeId={roomId} width={ROOM_LIST_WIDTH} height={bodyHeight} colour={colour} /> : null}
        <Box flexDirection="column" width={paneWidth} height={bodyHeight} paddingLeft={1}>
          {topNote === undefined ? null : (
            <Text dimColor wrap="truncate-end">
              {`-- ${topNote} --`}
            </Text>
          )}
          {Array.from({ length: padding }, (_, index) => (
            <Text key={`pad-${index}`}> </Text>
          ))}
          {visible.map((line) => (
            <StyledLine key={line.key} segments={line.segments} />
          ))}
        </Box>
        {showMembers ? (
          <MemberList members={session.members} labels={session.memberLabels} selfId={session.userId} width={MEMBER_LIST_WIDTH} height={bodyHeight} colour={colour} light={light} />
        ) : null}
      </Box>
      <Text inverse wrap="truncate-end">
        {statusText}
        {' '.repeat(statusPadding)}
        <Text inverse {...(colour ? { color: session.connection === 'open' ? 'green' : 'yellow' } : {})}>
          {state}
        </Text>
        {' '}
      </Text>
      <Text wrap="truncate-end">
        <Text bold>{prompt}</Text>
        {shown}
      </Text>
    </Box>
  )
}
