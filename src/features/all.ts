// Every optional feature, in the order their hooks run: what the full script build turns on
// (each still off until its attribute or setting says otherwise). Context first, so that
// before-send sees the merged metadata; test mode last, so that it logs what would be sent.
import type { Feature } from '../hooks'
import { beforeSend } from './before-send'
import { context } from './context'
import { deliveryHooks } from './delivery-hooks'
import { exceptions } from './exceptions'
import { testMode } from './test-mode'

export const ALL_FEATURES: Feature[] = [exceptions, context, beforeSend, deliveryHooks, testMode]
