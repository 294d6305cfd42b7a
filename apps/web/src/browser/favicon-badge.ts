const SIZE = 64
let icon: HTMLImageElement | undefined
let drawn = ''

/** The page's `<link rel="icon">`, made when index.html has none. */
function iconLink(): HTMLLinkElement {
  let link = document.querySelector<HTMLLinkElement>('link[rel="icon"]')
  if (link === null) {
    link = document.createElement('link')
    link.rel = 'icon'
    document.head.append(link)
  }
  return link
}

function draw(link: HTMLLinkElement, image: HTMLImageElement, unread: number, mentions: number): void {
  const canvas = document.createElement('canvas')
  canvas.width = SIZE
  canvas.height = SIZE
  const context = canvas.getContext('2d')
  if (context === null) return
  context.drawImage(image, 0, 0, SIZE, SIZE)
  const label = unread > 99 ? '99+' : String(unread)
  const radius = label.length > 1 ? 22 : 18
  const x = SIZE - radius
  const y = radius
  context.beginPath()
  context.arc(x, y, radius, 0, Math.PI * 2)
  // A mention of the person is red; other unread messages the app's blue.
  context.fillStyle = mentions > 0 ? '#d92d20' : '#4f46e5'
  context.fill()
  context.lineWidth = 4
  context.strokeStyle = '#ffffff'
  context.stroke()
  context.fillStyle = '#ffffff'
  context.font = `bold ${label.length > 2 ? 18 : label.length > 1 ? 24 : 28}px system-ui, sans-serif`
  context.textAlign = 'center'
  context.textBaseline = 'middle'
  context.fillText(label, x, y + 1)
  link.type = 'image/png'
  link.href = canvas.toDataURL('image/png')
}

/**
 * Shows the unread count on the tab's icon: a badge drawn on a canvas over the favicon (red when some of them mention
 * the person), or the plain icon when everything is read. Nothing is fetched but the favicon itself.
 *
 * @example
 * ```ts
 * effect(() => setFaviconBadge(store.totalUnread.value, store.totalMentions.value))
 * ```
 */
export function setFaviconBadge(unread: number, mentions: number): void {
  const key = unread > 0 ? `${unread}/${mentions > 0 ? 1 : 0}` : ''
  if (key === drawn) return
  drawn = key
  const link = iconLink()
  if (unread === 0) {
    link.type = 'image/svg+xml'
    link.href = '/favicon.svg'
    return
  }
  if (icon === undefined) {
    icon = new Image()
    icon.src = '/favicon.svg'
  }
  const image = icon
  if (image.complete && image.naturalWidth > 0) draw(link, image, unread, mentions)
  else
    image.addEventListener('load', () => {
      if (drawn === key) draw(link, image, unread, mentions)
    }, { once: true })
}
