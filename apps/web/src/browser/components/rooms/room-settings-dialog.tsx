import { useEffect } from 'preact/hooks'
import type { ChatStore } from '../../chat/chat-store.js'
import { allows } from '../../chat/permissions.js'
import { ui, type RoomSettingsTab } from '../../ui-state.js'
import { Dialog } from '../dialog.js'
import { Tabs } from '../tabs.js'
import { GeneralSettings } from './general-settings.js'
import { InviteSettings } from './invite-settings.js'
import { MemberSettings } from './member-settings.js'

/**
 * A room's settings for its moderators and owner (feature `rooms.manage`): name, topic, who may enter, keeping a code
 * room, deleting it; the members with their roles and what can be done about each; a private room's invite links.
 * Loaded on first use, so the main bundle does not carry it.
 */
export function RoomSettingsDialog({
  store,
  roomId,
  tab,
  onClose,
}: {
  store: ChatStore
  roomId: string
  tab: RoomSettingsTab
  onClose: () => void
}) {
  const room = store.rooms.value.find((entry) => entry.id === roomId)
  const gone = room === undefined
  // The room went away (deleted, removed) while its settings were open: the dialog closes.
  useEffect(() => {
    if (gone) onClose()
  }, [gone])
  if (room === undefined) return null
  const role = store.roleIn(room)
  const invites = room.info.value.access === 'private' && allows(role, 'moderate')
  const tabs: Array<{ id: RoomSettingsTab; label: string }> = [
    { id: 'general', label: 'General' },
    { id: 'members', label: 'Members' },
    ...(invites ? [{ id: 'invites' as const, label: 'Invite links' }] : []),
  ]
  const shown = tabs.some((entry) => entry.id === tab) ? tab : 'general'
  return (
    <Dialog title={`${room.title.value} settings`} onClose={onClose}>
      <Tabs
        label="Room settings"
        tabs={tabs}
        selected={shown}
        onSelect={(next) => (ui.dialog.value = { kind: 'room-settings', roomId, tab: next })}
      >
        {shown === 'general' && <GeneralSettings store={store} room={room} />}
        {shown === 'members' && <MemberSettings store={store} room={room} />}
        {shown === 'invites' && <InviteSettings store={store} room={room} />}
      </Tabs>
    </Dialog>
  )
}
