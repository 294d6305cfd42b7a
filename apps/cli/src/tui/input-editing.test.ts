import { describe, expect, it } from 'vitest'
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

function typed(text: string): InputState {
  return insertText(EMPTY_INPUT, text)
}

describe('input editing', () => {
  it('should type at the cursor and drop control characters', () => {
    let state = typed('helo')
    state = moveLeft(state)
    state = insertText(state, 'l')
    expect(state).toMatchObject({ text: 'hello', cursor: 4 })
    expect(insertText(state, '\x1b[2J\x07').text).toBe('hell[2Jo')
  })

  it('should delete backwards and forwards, never splitting an emoji', () => {
    let state = typed('a😀b')
    state = moveLeft(state)
    expect(state.cursor).toBe(3)
    state = deleteBackward(state)
    expect(state).toMatchObject({ text: 'ab', cursor: 1 })
    state = moveHome(state)
    state = deleteForward(state)
    expect(state).toMatchObject({ text: 'b', cursor: 0 })
    expect(deleteBackward(state)).toMatchObject({ text: 'b', cursor: 0 })
  })

  it('should move over a surrogate pair in one step', () => {
    const state = moveHome(typed('😀x'))
    expect(moveRight(state).cursor).toBe(2)
    expect(moveLeft(moveEnd(state)).cursor).toBe(2)
  })

  it('should delete a word, to the start and to the end', () => {
    expect(deleteWordBackward(typed('hello big world  '))).toMatchObject({ text: 'hello big ', cursor: 10 })
    const middle = moveLeft(moveLeft(typed('abcdef')))
    expect(deleteToStart(middle)).toMatchObject({ text: 'ef', cursor: 0 })
    expect(deleteToEnd(middle)).toMatchObject({ text: 'abcd', cursor: 4 })
  })

  it('should complete the text before the cursor', () => {
    expect(replaceBeforeCursor(typed('hi ma'), 'ma', 'Maria ')).toMatchObject({ text: 'hi Maria ', cursor: 9 })
    expect(replaceBeforeCursor(typed('hi'), 'xx', 'Maria ')).toMatchObject({ text: 'hi' })
  })

  it('should remember sent lines for Up and Down and keep the draft', () => {
    let state = submitLine(typed('first')).state
    state = submitLine(insertText(state, 'second')).state
    state = submitLine(insertText(state, '   ')).state
    state = insertText(state, 'draft')
    state = historyBack(state)
    expect(state.text).toBe('second')
    state = historyBack(state)
    expect(state.text).toBe('first')
    state = historyBack(state)
    expect(state.text).toBe('first')
    state = historyForward(historyForward(state))
    expect(state).toMatchObject({ text: 'draft', cursor: 5, historyIndex: undefined })
  })
})

describe('visibleWindow', () => {
  it('should show short lines whole', () => {
    expect(visibleWindow('hello', 5, 20)).toEqual({ shown: 'hello', cursorColumn: 5 })
  })

  it('should scroll so that the cursor stays in view', () => {
    expect(visibleWindow('hello world', 11, 6)).toEqual({ shown: 'world', cursorColumn: 5 })
    expect(visibleWindow('hello world', 0, 6)).toEqual({ shown: 'hello ', cursorColumn: 0 })
  })
})
