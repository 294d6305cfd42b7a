import { displayWidth } from '../render/text-width.js'

/**
 * The input line's editing state: its text, where the cursor is (an index into the string, never inside a
 * surrogate pair), and the lines sent before, for Up/Down. Pure functions, so the keys are easy to test.
 */
export interface InputState {
  readonly text: string
  readonly cursor: number
  readonly history: readonly string[]
  /** Which history line is shown while browsing with Up/Down; undefined when editing a new line. */
  readonly historyIndex: number | undefined
  /** The new line being typed, kept while browsing history. */
  readonly draft: string
}

// Input history remembers this many lines.
const MAX_HISTORY = 200

/** An empty input line. */
export const EMPTY_INPUT: InputState = { text: '', cursor: 0, history: [], historyIndex: undefined, draft: '' }

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

function previousIndex(text: string, index: number): number {
  if (index <= 0) return 0
  return index >= 2 && isLowSurrogate(text.charCodeAt(index - 1)) ? index - 2 : index - 1
}

function nextIndex(text: string, index: number): number {
  if (index >= text.length) return text.length
  return isLowSurrogate(text.charCodeAt(index + 1)) ? index + 2 : index + 1
}

function edit(state: InputState, text: string, cursor: number): InputState {
  return { ...state, text, cursor, historyIndex: undefined }
}

/** Types text at the cursor. Control characters are dropped; a paste's line breaks are handled by the caller. */
export function insertText(state: InputState, typed: string): InputState {
  const clean = typed.replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
  if (clean === '') return state
  return edit(state, state.text.slice(0, state.cursor) + clean + state.text.slice(state.cursor), state.cursor + clean.length)
}

/** Backspace: deletes the character before the cursor. */
export function deleteBackward(state: InputState): InputState {
  const start = previousIndex(state.text, state.cursor)
  return edit(state, state.text.slice(0, start) + state.text.slice(state.cursor), start)
}

/** Ctrl-D on a non-empty line: deletes the character under the cursor. */
export function deleteForward(state: InputState): InputState {
  const end = nextIndex(state.text, state.cursor)
  return edit(state, state.text.slice(0, state.cursor) + state.text.slice(end), state.cursor)
}

/** Ctrl-W: deletes the word before the cursor (and the spaces after it). */
export function deleteWordBackward(state: InputState): InputState {
  const before = state.text.slice(0, state.cursor)
  const start = before.replace(/\S+\s*$/, '').length
  return edit(state, state.text.slice(0, start) + state.text.slice(state.cursor), start)
}

/** Ctrl-U: deletes everything before the cursor. */
export function deleteToStart(state: InputState): InputState {
  return edit(state, state.text.slice(state.cursor), 0)
}

/** Ctrl-K: deletes everything from the cursor on. */
export function deleteToEnd(state: InputState): InputState {
  return edit(state, state.text.slice(0, state.cursor), state.cursor)
}

export function moveLeft(state: InputState): InputState {
  return { ...state, cursor: previousIndex(state.text, state.cursor) }
}

export function moveRight(state: InputState): InputState {
  return { ...state, cursor: nextIndex(state.text, state.cursor) }
}

export function moveHome(state: InputState): InputState {
  return { ...state, cursor: 0 }
}

export function moveEnd(state: InputState): InputState {
  return { ...state, cursor: state.text.length }
}

/** Replaces the text before the cursor's last `replaced` characters with `replacement` (Tab completion). */
export function replaceBeforeCursor(state: InputState, replaced: string, replacement: string): InputState {
  const start = state.cursor - replaced.length
  if (start < 0 || state.text.slice(start, state.cursor) !== replaced) return state
  return edit(state, state.text.slice(0, start) + replacement + state.text.slice(state.cursor), start + replacement.length)
}

/** Up: the previous line sent. */
export function historyBack(state: InputState): InputState {
  if (state.history.length === 0) return state
  const index = state.historyIndex === undefined ? state.history.length - 1 : Math.max(0, state.historyIndex - 1)
  const text = state.history[index] as string
  return { ...state, historyIndex: index, draft: state.historyIndex === undefined ? state.text : state.draft, text, cursor: text.length }
}

/** Down: the next line sent, and after the newest, the line being typed. */
export function historyForward(state: InputState): InputState {
  if (state.historyIndex === undefined) return state
  const index = state.historyIndex + 1
  if (index >= state.history.length) return { ...state, historyIndex: undefined, text: state.draft, cursor: state.draft.length }
  const text = state.history[index] as string
  return { ...state, historyIndex: index, text, cursor: text.length }
}

/** Enter: the line to submit, and an empty input that remembers it. */
export function submitLine(state: InputState): { state: InputState; line: string } {
  const line = state.text
  const history = line.trim() === '' || state.history.at(-1) === line ? state.history : [...state.history, line].slice(-MAX_HISTORY)
  return { line, state: { text: '', cursor: 0, history, historyIndex: undefined, draft: '' } }
}

/**
 * The part of the line that fits in `width` columns, scrolled so the cursor is visible, and the cursor's
 * column in it.
 *
 * @example
 * ```ts
 * visibleWindow('hello world', 11, 6) // { shown: 'world', cursorColumn: 5 }
 * ```
 */
export function visibleWindow(text: string, cursor: number, width: number): { shown: string; cursorColumn: number } {
  const before = text.slice(0, cursor)
  const after = text.slice(cursor)
  const room = Math.max(1, width - 1) // keep a column for the cursor at the end
  let head = before
  while (displayWidth(head) > room) head = head.slice(nextIndex(head, 0))
  const cursorColumn = displayWidth(head)
  let shown = head
  for (const character of after) {
    if (displayWidth(shown + character) > width) break
    shown += character
  }
  return { shown, cursorColumn }
}
