import { FEATURES, type NotifyLevel } from '@lanchat/client'
import { useEffect, useId, useRef, useState } from 'preact/hooks'
import type { ChatStore } from '../chat/chat-store.js'
import { allows } from '../chat/permissions.js'
import type { RoomView } from '../chat/room-view.js'
import { ui } from '../ui-state.js'
import { Icon } from './icon.js'

const levels: ReadonlyArray<{ value: NotifyLevel; label: string; help: string }> = [
  { value: 'all', label: 'All messages', help: 'Every new message' },
  { value: 'mentions', label: 'Mentions', help: 'When someone names you' },
  { value: 'none', label: 'Nothing', help: 'Never' },
]

/**
 * The room's menu (the ⋯ button in its header): when the room notifies the person (feature `notify`, kept on every
 * device) and, for its moderators and owner, the room's settings. A popover that closes on Esc, on a click
 * elsewhere, and once something is picked.
 */
export function RoomMenu({ store, room }: { store: ChatStore; room: RoomView }) {
  const [open, setOpen] = useState(false)
  const wrapper = useRef<HTMLDivElement>(null)
  const button = useRef<HTMLButtonElement>(null)
  const menuId = useId()
  const notify = store.has(FEATURES.notify)
  const settings = store.has(FEATURES.roomsManage) && !room.direct.value && allows(store.roleIn(room), 'moderate')

  useEffect(() => {
    if (!open) return
    const onPointer = (event: PointerEvent) => {
      if (!(event.target instanceof Node) || wrapper.current?.contains(event.target) !== true) setOpen(false)
    }
    document.addEventListener('pointerdown', onPointer)
    return () => document.removeEventListener('pointerdown', onPointer)
  }, [open])

  if (!notify && !settings) return null
  const close = () => {
    setOpen(false)
    button.current?.focus()
  }
  return (
    <div
      class="popover-wrap"
      ref={wrapper}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation()
          close()
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class="icon-button"
        aria-label="Room menu"
        title="Room menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen(!open)}
      >
        <Icon name="more" />
      </button>
      {open && (
        <div class="popover" id={menuId} role="group" aria-label={`Menu of ${room.title.value}`}>
          {notify && (
            <fieldset class="menu-section">
              <legend>
                <Icon name="bell" size={16} /> Notify me about
              </legend>
              {levels.map((level) => (
                <label key={level.value} class="menu-choice">
                  <input
                    type="radio"
                    name={`notify-${room.id}`}
                    value={level.value}
                    checked={room.notify.value === level.value}
                    onChange={() => {
                      void store.setRoomNotify(room.id, level.value)
                      close()
                    }}
                  />
                  <span>
                    {level.label}
                    <span class="menu-help">{level.help}</span>
                  </span>
                </label>
              ))}
            </fieldset>
          )}
          {settings && (
            <button
              type="button"
              class="menu-item"
              onClick={() => {
                setOpen(false)
                ui.dialog.value = { kind: 'room-settings', roomId: room.id, tab: 'general' }
              }}
            >
              <Icon name="settings" size={18} /> Room settings
            </button>
          )}
        </div>
      )}
    </div>
  )
}
