import { signal } from '@preact/signals'

/** The parts of a room's settings dialog. */
export type RoomSettingsTab = 'general' | 'members' | 'invites'

/** Which dialog is open, if any. */
export type OpenDialog = { kind: 'none' } | { kind: 'create' } | { kind: 'share'; roomId: string } | { kind: 'settings' }
  | { kind: 'claim' }
  | { kind: 'account' }
  | { kind: 'admin' }
  | { kind: 'directory' }
  | { kind: 'new-message' }
  | { kind: 'room-settings'; roomId: string; tab: RoomSettingsTab }

/** Layout state that is not chat state: drawers and dialogs. */
export const ui = {
  /** The room list, a drawer on phones (always visible on wide screens). */
  sidebarOpen: signal(false),
  /** The member list: a column on wide screens, a drawer on narrow ones. */
  membersOpen: signal(globalThis.matchMedia?.('(min-width: 1100px)').matches ?? false),
  dialog: signal<OpenDialog>({ kind: 'none' }),
  /** The member whose actions the member list shows (their name was clicked there or on a message). */
  memberMenu: signal<string | undefined>(undefined),
}

/** Closes whatever overlays the chat: used by Esc. Returns whether something was closed. */
export function closeOverlays(): boolean {
  if (ui.sidebarOpen.value) {
    ui.sidebarOpen.value = false
    return true
  }
  if (ui.membersOpen.value && !(globalThis.matchMedia?.('(min-width: 1100px)').matches ?? false)) {
    ui.membersOpen.value = false
    return true
  }
  return false
}
