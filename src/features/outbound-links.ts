// Outbound links (`data-outbound` / `outboundLinks: true`): a click (left or middle, with
// or without Ctrl/Cmd/Shift, `target="_blank"` or not) on a link to another host sends
// "Outbound Link" with `{url}`: the link's origin and path, never its query or hash. A link
// inside a tagged element sends only that element's event; a link that counts as a file
// download (file-downloads.ts, when on) sends only "File Download".

import type { Feature } from '../hooks'
import { onClick, withoutQuery } from './clicks'
import { countsAsDownload } from './file-downloads'

/** Whether a link to `url` leaves the page's host (`host`: name and port). */
export const isOutbound = (url: URL, pageHost: string) => url.host !== pageHost

export const outboundLinks: Feature = {
  defaults: { outboundLinks: false },
  attributes: { outboundLinks: 'outbound' },
  install(tracker, _hooks, context) {
    const { config, window: win } = context
    onClick(tracker, context, ({ tagged, url }) => {
      if (config.outboundLinks && !tagged && url && isOutbound(url, win.location.host) && !countsAsDownload(url, config)) {
        tracker('Outbound Link', { metadata: { url: withoutQuery(url) } })
      }
    })
  },
}
