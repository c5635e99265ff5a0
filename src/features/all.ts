// Every optional feature, in the order their hooks run: what the full script build turns on
// (each still off until its attribute or setting says otherwise; declarative events act on
// the page's own `data-lyt-event` attributes). The consent gate first: an event it refuses
// reaches no other feature. Engagement next, so that it sees each page view as it comes (its
// own events then pass through the others), then vitals (the landing page view's path);
// context before before-send, so that before-send sees the merged metadata; the path mask
// after before-send, so that whatever path leaves is masked; test mode last, so that it logs
// what would be sent. The click features (declarative events, outbound links, file
// downloads) share one listener and have no queue hook.
import type { Feature } from '../hooks'
import { beforeSend } from './before-send'
import { consent } from './consent'
import { context } from './context'
import { declarativeEvents } from './declarative-events'
import { deliveryHooks } from './delivery-hooks'
import { engagement } from './engagement'
import { exceptions } from './exceptions'
import { fileDownloads } from './file-downloads'
import { mask } from './mask'
import { outboundLinks } from './outbound-links'
import { testMode } from './test-mode'
import { vitals } from './vitals'

export const ALL_FEATURES: Feature[] = [
  consent,
  engagement,
  vitals,
  exceptions,
  context,
  beforeSend,
  mask,
  deliveryHooks,
  testMode,
  declarativeEvents,
  outboundLinks,
  fileDownloads,
]
