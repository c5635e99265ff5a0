// The one delegated listener that declarative events, outbound links and file downloads
// share (one per tracker): on the document, so elements added later (SPA renders, LiveView
// patches) need no re-scan; in the capture phase, so a page handler's stopPropagation()
// cannot hide a click from it; passive, and it never calls preventDefault(): the page's
// own handlers, its router and the browser's navigation go on exactly as without it. What a
// handler sends is queued (and stored) before the click's task ends, so a navigation that
// follows loses nothing and waits for nothing (docs/contract.md §5).

import type { FeatureContext } from '../hooks'

/** What a click (or a form's submit) was on. */
export interface Clicked {
  /**
   * The element whose `data-lyt-event` the click sends: the nearest tagged ancestor of (or
   * the) target, unless that is a form (a form sends on submit, not on clicks inside it);
   * for a submit, the form when it is tagged.
   */
  tagged?: HTMLElement
  /** Where the clicked link (`<a href>`, `<area href>`) leads, when it is a web (http, https) link. */
  url?: URL
}

export type ClickHandler = (clicked: Clicked) => void

const TAGGED = '[data-lyt-event]'

/** Each tracker's handlers: its first one installs the listener. */
const handlersOf = new WeakMap<object, ClickHandler[]>()

/** The web address a link's `href` leads to; nothing for mailto:, tel:, javascript:… */
export const webUrl = (href: unknown) => {
  try {
    const url = new URL(href as string)
    if (/^https?:$/.test(url.protocol)) return url
  } catch {}
}

/** The address without its query and hash, which may hold tokens: origin and path. */
export const withoutQuery = (url: URL) => url.origin + url.pathname

/** What a click or submit `event` was on, or nothing for a button it does not count (right). */
export const clickedBy = (event: Event): Clicked | undefined => {
  const target = event.target as Element
  if (event.type === 'submit') return { tagged: target.matches?.(TAGGED) ? (target as HTMLElement) : undefined }
  // The primary button fires `click` (with Ctrl, Shift or Cmd too, and Enter on a link); the
  // middle one fires only `auxclick`, as does the right one, which opens a menu: not counted.
  if (event.type === 'auxclick' && (event as MouseEvent).button !== 1) return
  const tagged = target.closest?.<HTMLElement>(TAGGED)
  const link = target.closest?.<HTMLAnchorElement>('a[href],area[href]')
  return { tagged: tagged?.tagName === 'FORM' ? undefined : tagged || undefined, url: link ? webUrl(link.href) : undefined }
}

/** Calls `handler` for every counted click and submit on the tracker's page. */
export const onClick = (tracker: object, { window: win, guard }: FeatureContext, handler: ClickHandler) => {
  let handlers = handlersOf.get(tracker)
  if (!handlers) {
    const list: ClickHandler[] = []
    handlers = list
    handlersOf.set(tracker, list)
    const listener = guard((event: Event) => {
      const clicked = clickedBy(event)
      if (clicked) for (const each of list) each(clicked)
    })
    for (const type of ['click', 'auxclick', 'submit'])
      win.document.addEventListener(type, listener, { capture: true, passive: true })
  }
  handlers.push(handler)
}
