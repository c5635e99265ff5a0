// File downloads (`data-downloads` / `fileDownloads: true`): a click (left or middle) on a
// link whose path ends in one of the extensions sends "File Download" with `{url}`: its
// origin and path, never its query or hash (a `?token=` stays on the page). The attribute
// may list the extensions (`data-downloads="pdf,zip"`): they replace the default list. The
// list is its own setting (`downloadExtensions`), read from the same attribute, since a
// setting takes only values of its default's type. A link inside a tagged element sends
// only that element's event; a download on another host is a download, not an outbound link.

import type { Feature } from '../hooks'
import { onClick, withoutQuery } from './clicks'

export const DEFAULT_EXTENSIONS =
  'pdf,zip,gz,dmg,exe,msi,pkg,deb,rpm,apk,csv,xls,xlsx,doc,docx,ppt,pptx,txt,rtf,mp3,mp4,mov,avi,wav,epub'

/** The extensions a setting lists (`"pdf, .ZIP"` → pdf, zip); blank or "true": the default list. */
export const extensionList = (setting: string) =>
  (/^\s*(true)?\s*$/.test(setting) ? DEFAULT_EXTENSIONS : setting)
    .split(',')
    .map((extension) => extension.trim().replace(/^\./, '').toLowerCase())
    .filter(Boolean)

/** Whether `url`'s path ends in one of `extensions` (`/files/report.PDF`: pdf). */
export const isDownload = (url: URL, extensions: string[]) =>
  extensions.includes(/\.([^./]+)$/.exec(url.pathname)?.[1].toLowerCase() ?? '')

/** Whether the settings count a click on a link to `url` as a file download. */
export const countsAsDownload = (url: URL, config: Record<string, any>) =>
  !!config.fileDownloads && isDownload(url, extensionList(config.downloadExtensions || ''))

export const fileDownloads: Feature = {
  defaults: { fileDownloads: false, downloadExtensions: '' },
  attributes: { fileDownloads: 'downloads', downloadExtensions: 'downloads' },
  install(tracker, _hooks, context) {
    onClick(tracker, context, ({ tagged, url }) => {
      if (!tagged && url && countsAsDownload(url, context.config))
        tracker('File Download', { metadata: { url: withoutQuery(url) } })
    })
  },
}
