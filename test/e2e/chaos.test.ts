// The chaos test (docs/contract.md §5: nothing is lost, nothing is counted twice), on seeds
// nobody chose. Each run takes a seeded random schedule of one visitor's one or two tabs of
// one origin, in two phases:
//
// 1. Healthy: the collector answers, the browser is online, and the pages are left every
//    way a visitor leaves them — reloads, closed and opened tabs, SPA navigation, a click on
//    a link that navigates right after `lyt()` in the same task, events made in the task
//    that reloads. Every event of this phase must be stored exactly once: any duplicate or
//    loss fails the test.
// 2. A profile of trouble, the same visitor going on:
//    - `storm`: the collector fails half the time (500s, hung and reset sockets, a 400
//      without details or a 413 now and then, events it refuses by rule) and the browser
//      goes offline and back. Target: duplicates ≤ 1 % and losses ≤ 1 % of its events.
//    - `realistic`: the visitor browses as in the healthy phase while now and then a deploy
//      has the server answer 502 or 503 for 5–30 s, and 0.5 % of requests get a 5xx or a
//      reset. Target: lost + duplicated ≤ 0.1 % of its events.
//    At the end the server and network recover and the pages flush.
//
// Then the profile's events are accounted for by cause, per event: delivered once,
// duplicated, lost, refused by rule (never to be stored), refused alone (a 400 without
// details or a 413 to a batch of one: dropped by design). Each extra copy and each loss is
// explained from the test's own record (page loads and their exits, faults, offline spells)
// and the collector's requests, by the causes in chaos-account.ts; one that fits none fails
// the test with its requests printed. The targets are asserted from 1,000 events up.
//
// Settings (environment):
//   LYT_CHAOS_EVENTS   the profile's events per run (default 250: `npm test`'s small run)
//   LYT_CHAOS_PROFILE  storm (default), realistic, or both
//   LYT_CHAOS_RUNS     how many seeds in a row (default 1); each is printed, and a summary
//                      (mean and worst, by cause) follows the last
//   LYT_CHAOS_SEED     the seed(s) to replay, comma-separated (default: new random ones)
//   LYT_CHAOS_REPORT   a file to append each run's figures to, as a JSON line
//   LYT_CHAOS_DEBUG    write every action, `[Lyt]` line, request and page log entry to
//                      chaos-debug-<seed>-<profile>.log in the current directory (not to be committed)
// `npm run chaos` runs both profiles at 1,000 events. Replay a run:
//   LYT_CHAOS_SEED=1234 LYT_CHAOS_EVENTS=1000 LYT_CHAOS_PROFILE=storm npm run chaos
//
// The browser is reached only through chaos-driver.ts (Chromium here); what a visitor does
// is chaos-visitor.ts.

import { appendFileSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sleep, startCollector, type Collector } from './browser'
import { accountFor, describeRequest, HOLD_MS, isUnexplained, loadOf, nameOf, numberOf, type ChaosRecord } from './chaos-account'
import { chaosDriver, type ChaosDriver, type ChaosProfile } from './chaos-driver'
import { createVisitor, type Tab } from './chaos-visitor'

const EVENTS = Number(process.env.LYT_CHAOS_EVENTS) || 250
const PROFILE = process.env.LYT_CHAOS_PROFILE || 'storm'
const PROFILES = (PROFILE === 'both' ? ['storm', 'realistic'] : [PROFILE]) as Profile[]
const GIVEN_SEEDS = (process.env.LYT_CHAOS_SEED ?? '').split(',').filter(Boolean).map(Number)
const RUNS = Math.max(Number(process.env.LYT_CHAOS_RUNS) || 1, GIVEN_SEEDS.length)
const SEEDS = Array.from({ length: RUNS }, (_, i) => GIVEN_SEEDS[i] ?? Math.floor(Math.random() * 2 ** 31))
const DEBUG = !!process.env.LYT_CHAOS_DEBUG
const REPORT = process.env.LYT_CHAOS_REPORT
/** The targets are asserted on big runs only: 250 events make a rate of a handful. */
const RATE_ASSERTED = EVENTS >= 1000

type Profile = 'storm' | 'realistic'
for (const profile of PROFILES)
  if (profile !== 'storm' && profile !== 'realistic') throw new Error(`LYT_CHAOS_PROFILE: ${PROFILE}?`)

/** The targets (docs/contract.md §5, issue 20): each rate is of the profile's accepted events. */
const TARGETS: Record<Profile, { duplicates?: number; losses?: number; both?: number }> = {
  storm: { duplicates: 0.01, losses: 0.01 },
  realistic: { both: 0.001 },
}

/** The healthy phase's own events, before the profile's. */
const HEALTHY_EVENTS = Math.max(50, Math.round(EVENTS * 0.2))
/**
 * The queue's bound (1,000 events, oldest dropped first, by design) is tested on its own;
 * the runs keep fewer waiting, so that every drop here would be a loss.
 */
const MAX_WAITING = 800
/**
 * The share of the storm's events the collector refuses by rule. The SDK checks the server's
 * own limits before queueing, so a real server refuses almost none; 1 in 200 still puts one
 * in many batches. A batch handed over at unload that holds one is refused whole with no page
 * left to send the rest: allowed losses (docs/delivery.md), at most 9 per bad event (batches
 * of at most 10 as a page is left).
 */
const POISON_RATE = 0.005
/** The shortest outage, recovery or offline spell of the storm, in ms (see the storm's loop). */
const MIN_SPELL_MS = 1500
/** The realistic profile: a deploy now and then (the server answers 502 or 503 meanwhile)… */
const DEPLOY_MS = [5_000, 30_000]
const FIRST_DEPLOY_MS = [5_000, 15_000]
const BETWEEN_DEPLOYS_MS = [45_000, 120_000]
/** …and a request now and then answered 5xx or reset. */
const RANDOM_FAULT_RATE = 0.005

/** The visitor's actions, by weight: the healthy phase's, and the realistic profile's. */
const BROWSING: [number, string][] = [
  [40, 'fire'],
  [5, 'fire both'],
  [10, 'navigate'],
  [10, 'wait'],
  [6, 'reload'],
  [6, 'events then reload'],
  [6, 'click a link'],
  [4, 'close'],
  [4, 'open'],
]
/** The storm's: fewer events per action, the server's moods, the network's. */
const STORM: [number, string][] = [
  [30, 'fire'],
  [4, 'fire both'],
  [6, 'navigate'],
  [16, 'wait'],
  [5, 'server 500'],
  [2, 'server hang'],
  [3, 'server reset'],
  [1, 'server 400 once'],
  [1, 'server 413 once'],
  [10, 'server ok'],
  [4, 'reload'],
  [3, 'events then reload'],
  [3, 'click a link'],
  [2, 'close'],
  [2, 'open'],
  [2, 'offline'],
  [3, 'online'],
]

/** mulberry32: a small seeded generator, so that a failing schedule can be replayed. */
function seeded(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(weighted: [number, T][]): T => {
    let roll = next() * weighted.reduce((sum, [weight]) => sum + weight, 0)
    for (const [weight, value] of weighted) if ((roll -= weight) < 0) return value
    return weighted[weighted.length - 1][1]
  }
  return { next, int, pick }
}

/** One run's figures, for the summary and the report. */
interface Figures {
  seed: number
  profile: Profile
  engine: string
  healthy: { events: number; duplicated: number; lost: number }
  events: number
  deliveredOnce: number
  duplicates: Record<string, number>
  losses: Record<string, number>
  refusedByRule: number
  refusedAlone: number
  seconds: number
  /** Events whose first request was taken as delivered as its page was left (only these can be lost). */
  takenAtExit: number
  /** The profile's trouble: requests by fault, outages, offline spells, deploys. */
  trouble: string
}
const results: Figures[] = []

let driver: ChaosDriver
beforeAll(async () => {
  driver = await chaosDriver()
})
afterAll(async () => {
  await driver?.close()
  if (results.length > 1) console.log(summarize(results))
})

for (const seed of SEEDS) {
  for (const profile of PROFILES) {
    const targets = RATE_ASSERTED ? `, ${profile === 'storm' ? 'each ≤ 1 %' : 'lost + duplicated ≤ 0.1 %'}` : ''
    it(
      `healthy: each event once; ${profile}: every loss and duplicate explained${targets} (seed ${seed}, ${EVENTS} events)`,
      () => run(seed, profile),
      Math.max(600_000, EVENTS * 400),
    )
  }
}

/** One run: a collector and a browser profile of its own, closed whatever happens. */
async function run(seed: number, profile: Profile) {
  const collector = await startCollector()
  const visitorProfile = await driver.newProfile(collector)
  try {
    await runWith(seed, profile, collector, visitorProfile)
  } finally {
    await visitorProfile.close().catch(() => {})
    await collector.close()
  }
}

async function runWith(seed: number, profile: Profile, collector: Collector, visitorProfile: ChaosProfile) {
  const startedAt = Date.now()
  const random = seeded(seed)
  const record: ChaosRecord = {
    loads: new Map(),
    faultChanges: [],
    offlineSpans: [],
    requests: collector.requests,
    pages: new Map(),
  }
  const debugLog: string[] = []
  const debugFile = `chaos-debug-${seed}-${profile}.log`
  const note = (line: string) => {
    if (!DEBUG) return
    debugLog.push(`${Date.now()} ${line}`)
    // (Also as it happens, so that a run that stalls shows where.)
    appendFileSync(debugFile.replace(/\.log$/, '.progress.log'), `${Date.now()} ${line}\n`)
  }
  const visitor = createVisitor(visitorProfile, collector, record, { debug: DEBUG, note })
  const { tabs } = visitor
  const actionCounts: Record<string, number> = {}
  const pickAction = (phase: string, actions: [number, string][]) => {
    const tab = tabs[random.int(0, tabs.length - 1)]
    const action = random.pick(actions)
    actionCounts[phase + ' ' + action] = (actionCounts[phase + ' ' + action] ?? 0) + 1
    note(`ACTION ${phase} ${action} tab${tab.number} load${tab.load.id}`)
    return { tab, action }
  }
  /** What a visitor browsing does (the healthy phase, the realistic profile); the names of the events made. */
  const browse = async (tab: Tab, action: string, prefix: string, fire = visitor.fire): Promise<string[]> => {
    if (action === 'fire') return fire(tab, visitor.names(prefix, random.int(1, 10)))
    if (action === 'fire both')
      return (await Promise.all(tabs.map((t) => fire(t, visitor.names(prefix, random.int(1, 5)))))).flat()
    if (action === 'navigate') return visitor.navigate(tab, prefix)
    if (action === 'wait') await sleep(random.int(0, 600))
    else if (action === 'reload') await visitor.reload(tab)
    else if (action === 'events then reload') return visitor.fireThenReload(tab, visitor.names(prefix, random.int(1, 8)))
    else if (action === 'click a link') return visitor.clickAway(tab, visitor.names(prefix, 1)[0])
    else if (action === 'close' && tabs.length > 1) await visitor.closeTab(tab)
    else if (action === 'open' && tabs.length < 2) await visitor.openTab()
    return []
  }

  // ---- 1. Healthy: the server answers, the browser is online -------------------------
  collector.rejectEvents((event: any) => event.metadata?.poison === true, 'metadata', 'is poisoned')
  const healthy = new Set<string>()
  // The visitor's first page hears the server answer before it is left: from then on the
  // site's pages have evidence that it answers (a page that has heard nothing trusts nothing
  // in flight as it is left, and its next load sends that again: docs/delivery.md).
  await visitor.openTab()
  for (const name of await visitor.fire(tabs[0], visitor.names('healthy', 1))) healthy.add(name)
  await collector.waitFor((c) => c.requests.some((r) => r.status === 200), 10_000)
  while (healthy.size < HEALTHY_EVENTS) {
    if (!tabs.length) await visitor.openTab()
    const { tab, action } = pickAction('healthy', BROWSING)
    for (const name of await browse(tab, action, 'healthy')) healthy.add(name)
  }
  const healthyEnd = Date.now()
  await visitor.settle(() => [...healthy].every((name) => visitor.copiesByName().has(name)), 30_000)
  // A little longer, so that a late second copy is seen too — and past HOLD_MS since the
  // last page exit, so that no event taken as delivered is still held when the profile begins.
  const lastExit = Math.max(0, ...[...record.loads.values()].map((load) => load.exit?.end ?? 0))
  await sleep(Math.max(2000, lastExit + HOLD_MS + 1000 - Date.now()))
  const healthyAccount = () => {
    const copies = visitor.copiesByName()
    return {
      lost: [...healthy].filter((name) => !copies.has(name)),
      duplicated: [...healthy]
        .filter((name) => (copies.get(name)?.length ?? 0) > 1)
        .map((name) => `${name} ×${copies.get(name)!.length}`),
    }
  }
  const healthyAtItsEnd = healthyAccount()
  const healthyLine =
    `chaos seed ${seed} (${driver.engine}), healthy phase: ${healthy.size} events accepted, ` +
    `${healthy.size - healthyAtItsEnd.lost.length - healthyAtItsEnd.duplicated.length} delivered once, ` +
    `${healthyAtItsEnd.duplicated.length} duplicated, ${healthyAtItsEnd.lost.length} lost ` +
    `(${collector.requests.length} requests, ${record.loads.size} page loads, ${((healthyEnd - startedAt) / 1000).toFixed(1)} s)`
  console.log(healthyLine)
  const writeDebug = (summary: string) => {
    if (DEBUG) writeFileSync(debugFile, debugLines(record, debugLog) + '\n' + healthyLine + '\n' + summary + '\n')
  }
  if (healthyAtItsEnd.lost.length || healthyAtItsEnd.duplicated.length) writeDebug('')
  expect(healthyAtItsEnd, `healthy phase: every event stored exactly once (replay with LYT_CHAOS_SEED=${seed})`).toEqual({
    lost: [],
    duplicated: [],
  })

  // ---- 2. The profile ------------------------------------------------------------------
  const profileStart = Date.now()
  const firstRequest = collector.requests.length
  const firstLoad = record.loads.size + 1
  /** Names of the profile's events that the SDK accepted (its call returned in the page). */
  const accepted = new Set<string>()
  /** Events the collector refuses by rule (a "bad event in a batch"): dropped by design. */
  const poisoned = new Set<string>()
  /** Events made, unless the origin's pages keep MAX_WAITING waiting; `poisonRate` of them refused by rule. */
  const fireSome = async (tab: Tab, names: string[], poisonRate = 0) => {
    if ((await visitor.waiting(tab)) + names.length > MAX_WAITING) return sleep(200).then(() => [])
    const bad = new Set(names.filter(() => random.next() < poisonRate))
    const made = await visitor.fire(tab, names, bad)
    for (const name of made) if (bad.has(name)) poisoned.add(name)
    return made
  }
  let trouble: () => string
  if (profile === 'storm') trouble = await storm()
  else trouble = await realistic()
  const profileEnd = Date.now()

  /** The storm: the server fails about half the time, the network comes and goes. */
  async function storm() {
    /** The current fault (or health) and offline spell last until then. */
    let spellUntil = 0
    let offlineSpellUntil = 0
    const startSpell = (set: () => void) => {
      spellUntil = Date.now() + random.int(MIN_SPELL_MS, 2 * MIN_SPELL_MS)
      set()
    }
    while (accepted.size < EVENTS) {
      if (!tabs.length) {
        await visitor.setOffline(false)
        await visitor.openTab()
        continue
      }
      const { tab, action } = pickAction('storm', STORM)
      let made: string[] = []
      if (action === 'fire') made = await fireSome(tab, visitor.names('chaos', random.int(1, 6)), POISON_RATE)
      else if (action === 'fire both')
        made = (await Promise.all(tabs.map((t) => fireSome(t, visitor.names('chaos', random.int(1, 4)), POISON_RATE)))).flat()
      else if (action === 'navigate') made = await visitor.navigate(tab, 'page')
      else if (action === 'wait') await sleep(random.int(0, 800))
      // An outage, or a spell offline, lasts a while (MIN_SPELL_MS): a server that flips between
      // failing and healthy every few hundred milliseconds is not what a visitor meets, and
      // each flip as a page is left is a chance for the loss §5 allows.
      else if (action.startsWith('server') && Date.now() < spellUntil) await sleep(100)
      else if (action === 'server 500') startSpell(() => visitor.setFault(500))
      // (Not in WebKit, which loads no page of a host once 6 requests to it hang: ChaosAbilities.)
      else if (action === 'server hang' && !driver.can.hang) await sleep(100)
      else if (action === 'server hang') startSpell(() => visitor.setFault('hang'))
      else if (action === 'server reset') startSpell(() => visitor.setFault('reset'))
      else if (action === 'server 400 once') collector.failNext(1, 400)
      else if (action === 'server 413 once') collector.failNext(1, 413)
      else if (action === 'server ok') startSpell(() => visitor.setFault('none'))
      else if (action === 'reload') await visitor.reload(tab)
      else if (action === 'events then reload' && !visitor.offline())
        made = await visitor.fireThenReload(tab, visitor.names('chaos', random.int(1, 6)))
      else if (action === 'click a link' && !visitor.offline()) made = await visitor.clickAway(tab, visitor.names('chaos', 1)[0])
      else if (action === 'close' && tabs.length > 1) await visitor.closeTab(tab)
      else if (action === 'open' && tabs.length < 2) await visitor.openTab()
      else if ((action === 'offline' || action === 'online') && Date.now() < offlineSpellUntil) await sleep(100)
      else if (action === 'offline') {
        offlineSpellUntil = Date.now() + random.int(MIN_SPELL_MS, 2 * MIN_SPELL_MS)
        await visitor.setOffline(true)
      } else if (action === 'online') await visitor.setOffline(false)
      made.forEach((name) => accepted.add(name))
    }
    visitor.setFault('none')
    await visitor.setOffline(false)
    return () =>
      `hangs: ${hangSpans.length}, ` + `offline spells: ${record.offlineSpans.filter((s) => s.start >= profileStart).length}`
  }

  /** Realistic: browsing as in the healthy phase, a deploy now and then, a failed request now and then. */
  async function realistic() {
    // The requests' own faults come from a generator of their own: how many requests a
    // schedule makes depends on timing, and must not shift the schedule.
    const faults = seeded(seed ^ 0x5eed)
    collector.faultEach(() =>
      faults.next() < RANDOM_FAULT_RATE
        ? faults.pick<number | string>([
            [1, 500],
            [1, 502],
            [1, 503],
            [3, 'reset'],
          ])
        : 'none',
    )
    /** Each deploy: when it began, when it ended (Infinity while it lasts), what the server answered meanwhile. */
    const deploys: { start: number; end: number; status: number }[] = []
    // The first comes sooner than the rest: every run should meet one (1,000 events take about 30 s).
    let nextDeploy = Date.now() + random.int(FIRST_DEPLOY_MS[0], FIRST_DEPLOY_MS[1])
    let deployDone = 0
    while (accepted.size < EVENTS) {
      const deploy = deploys.at(-1)
      if (deploy?.end === Infinity && Date.now() >= deployDone) {
        visitor.setFault('none')
        deploy.end = Date.now()
        nextDeploy = Date.now() + random.int(BETWEEN_DEPLOYS_MS[0], BETWEEN_DEPLOYS_MS[1])
      } else if (deploy?.end !== Infinity && Date.now() >= nextDeploy) {
        const status = random.pick([
          [1, 502],
          [1, 503],
        ])
        deployDone = Date.now() + random.int(DEPLOY_MS[0], DEPLOY_MS[1])
        deploys.push({ start: Date.now(), end: Infinity, status })
        visitor.setFault(status)
      }
      if (!tabs.length) await visitor.openTab()
      const { tab, action } = pickAction('realistic', BROWSING)
      for (const name of await browse(tab, action, 'event', (tab, names) => fireSome(tab, names))) accepted.add(name)
    }
    if (deploys.at(-1)?.end === Infinity) deploys.at(-1)!.end = Date.now()
    visitor.setFault('none')
    collector.faultEach(null)
    return () =>
      `deploys: ${deploys.map((d) => `${d.status} for ${((d.end - d.start) / 1000).toFixed(1)} s`).join(', ') || 'none'}`
  }

  // The end: the server and network recover, and the pages flush until done.
  if (!tabs.length) await visitor.openTab()
  /** A lone event that the server refused (a 400 without details, a 413) is dropped by design. */
  const refusedAlone = () =>
    new Set(
      collector.requests
        .slice(firstRequest)
        .filter((r) => (r.fault === '400' || r.fault === '413') && r.events.length === 1)
        .map((r) => nameOf(r.events[0])),
    )
  const expectedOf = () => [...accepted].filter((name) => !poisoned.has(name) && !refusedAlone().has(name))
  await visitor.settle(() => {
    const copies = visitor.copiesByName()
    return expectedOf().every((name) => copies.has(name))
  }, 120_000)
  await sleep(3000) // late second copies, if any

  // ---- The account -------------------------------------------------------------------
  record.pages = (await visitor.pageLogs()) as ChaosRecord['pages']
  const expected = expectedOf()
  const refusedAloneNames = refusedAlone()
  const stored = collector.accepted.map((copy) => ({ name: nameOf(copy.event), requestId: copy.requestId }))
  if (DEBUG)
    writeFileSync(
      debugFile.replace(/\.log$/, '.json'),
      JSON.stringify({ record: { ...record, loads: [...record.loads], pages: [...record.pages] }, expected, stored }),
    )
  const { duplicates, losses, deliveredOnce, takenAtExit, hangSpans } = accountFor(record, expected, stored)
  const requestById = new Map(collector.requests.map((r) => [r.id, r]))
  const describe = (id: number) => describeRequest(requestById.get(id)!, startedAt)
  const copies = visitor.copiesByName()
  const healthyAfterAll = healthyAccount()
  const refusedButStored = [...poisoned].filter((name) => copies.has(name))
  const unexplained = [...duplicates, ...losses].filter((finding) => isUnexplained(finding.cause))
  const rate = (count: number) => `${((100 * count) / accepted.size).toFixed(2)} %`
  type Finding = (typeof duplicates)[number]
  const countCauses = (findings: Finding[]) => countBy(findings.map((f) => f.cause))
  const byCause = (findings: Finding[]) =>
    Object.entries(countCauses(findings)).flatMap(([cause, count]) => [
      `    ${count} (${rate(count)}): ${cause}`,
      // A couple of examples of each cause, with the requests that carried the event.
      ...findings
        .filter((f) => f.cause === cause)
        .slice(0, isUnexplained(cause) ? 20 : 2)
        .map((f) => `      e.g. ${f.name}: ${f.requests.map(describe).join('; ')}`),
    ])
  const profileRequests = collector.requests.slice(firstRequest)
  const troubleLine =
    `${profileRequests.length} requests from ${record.loads.size - firstLoad + 1} page loads, ` +
    `faults: ${JSON.stringify(countBy(profileRequests.map((r) => r.fault)))}, ${trouble()}; ` +
    `${rate(takenAtExit)} of the events were first sent in a request taken as delivered as its page was left`
  const summary = [
    `chaos seed ${seed} (${driver.engine}), ${profile}: ${accepted.size} events accepted, ${deliveredOnce} delivered once, ` +
      `${duplicates.length} duplicates (${rate(duplicates.length)}) of ${new Set(duplicates.map((d) => d.name)).size} events, ` +
      `${losses.length} lost (${rate(losses.length)}), refused by rule ${poisoned.size}, refused alone ${refusedAloneNames.size} ` +
      `(${((profileEnd - profileStart) / 1000).toFixed(1)} s ${profile}, ${((Date.now() - startedAt) / 1000).toFixed(1)} s in all)`,
    `  duplicates by cause:`,
    ...byCause(duplicates),
    `  lost by cause:`,
    ...byCause(losses),
    `  ${troubleLine}`,
    `  actions: ${JSON.stringify(actionCounts)}`,
  ].join('\n')
  console.log(summary)
  writeDebug(summary)
  const figures: Figures = {
    seed,
    profile,
    engine: driver.engine,
    healthy: { events: healthy.size, duplicated: healthyAfterAll.duplicated.length, lost: healthyAfterAll.lost.length },
    events: accepted.size,
    deliveredOnce,
    duplicates: countCauses(duplicates),
    losses: countCauses(losses),
    refusedByRule: poisoned.size,
    refusedAlone: refusedAloneNames.size,
    seconds: Math.round((Date.now() - startedAt) / 1000),
    takenAtExit,
    trouble: troubleLine,
  }
  results.push(figures)
  if (REPORT) appendFileSync(REPORT, JSON.stringify(figures) + '\n')

  const replay = `replay with LYT_CHAOS_SEED=${seed} LYT_CHAOS_EVENTS=${EVENTS} LYT_CHAOS_PROFILE=${profile}`
  expect(healthyAfterAll, `healthy phase, counted again after the ${profile}: each event exactly once (${replay})`).toEqual({
    lost: [],
    duplicated: [],
  })
  expect(
    unexplained.map((f) => `${f.name} (${f.cause}): ${f.requests.map(describe).join('; ')}`),
    `duplicates or losses that no allowed cause explains (${replay})`,
  ).toEqual([])
  expect(refusedButStored, 'events the server refused by rule must never be stored').toEqual([])
  expect(collector.silentlyDropped).toEqual([])
  if (RATE_ASSERTED) {
    const target = TARGETS[profile]
    if (target.duplicates != null)
      expect(duplicates.length / accepted.size, `${profile} duplicate rate (${replay})`).toBeLessThanOrEqual(target.duplicates)
    if (target.losses != null)
      expect(losses.length / accepted.size, `${profile} loss rate (${replay})`).toBeLessThanOrEqual(target.losses)
    if (target.both != null)
      expect((duplicates.length + losses.length) / accepted.size, `${profile} lost + duplicated (${replay})`).toBeLessThanOrEqual(
        target.both,
      )
  }
}

function countBy(values: string[]) {
  const counts: Record<string, number> = {}
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1
  return counts
}

/** With LYT_CHAOS_DEBUG: actions, `[Lyt]` lines, requests, exits, faults and offline spells, in time order. */
function debugLines(record: ChaosRecord, debugLog: string[]) {
  const requestLines = record.requests.map(
    (r: any) =>
      `${r.receivedAt} REQUEST #${r.id} load${loadOf(r)}/${numberOf(r)} ${r.status} ${r.fault} answered=${r.answeredAt} n=${r.events.length} ` +
      `port=${r.remotePort} sent=${r.answerSent} ${r.events.slice(0, 3).map(nameOf)}…${r.events.length ? nameOf(r.events.at(-1)) : ''}`,
  )
  const exitLines = [...record.loads.values()].flatMap((load) =>
    load.exit ? [`${load.exit.start} EXIT load${load.id} tab${load.tab} ${load.exit.kind} (done ${load.exit.end})`] : [],
  )
  const faultLines = record.faultChanges.map((change) => `${change.at} FAULT ${change.fault}`)
  const offlineLines = record.offlineSpans.flatMap((span) => [`${span.start} OFFLINE`, `${span.end} ONLINE`])
  const pageLines = [...record.pages.entries()].flatMap(([load, log]) => [
    ...log.sent.map(([n, at, keepalive]) => `${at} PAGE load${load} sent ${n}${keepalive ? '' : ' (no keepalive)'}`),
    ...log.settled.map(([n, status, at]) => `${at} PAGE load${load} heard ${n}: ${status}`),
    ...log.news.map(([at, news]) => `${at} PAGE load${load} news: ${news === 1 ? 'answering' : 'failing'}`),
    ...log.exits.map(
      (x) =>
        `${x.at} PAGE load${load} ${x.kind}: online ${x.online}, ok ${x.ok ? x.at - x.ok + ' ms ago' : 'none'}, in flight ${x.inFlight.map(([n, at]) => `${n} (${x.at - at} ms)`)}`,
    ),
  ])
  return [...debugLog, ...requestLines, ...exitLines, ...faultLines, ...offlineLines, ...pageLines].sort().join('\n')
}

/** Every run's figures, then per profile the mean and the worst of duplicates and losses, by cause. */
function summarize(all: Figures[]) {
  const percent = (count: number, of: number) => `${((100 * count) / of).toFixed(2)} %`
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0)
  const lines = ['chaos summary:']
  for (const profile of ['storm', 'realistic'] as const) {
    const runs = all.filter((f) => f.profile === profile)
    if (!runs.length) continue
    lines.push(`  ${profile}, ${runs.length} runs:`)
    for (const f of runs) {
      lines.push(
        `    seed ${f.seed}: ${f.events} events, ${total(f.duplicates)} duplicated (${percent(total(f.duplicates), f.events)}), ` +
          `${total(f.losses)} lost (${percent(total(f.losses), f.events)})`,
      )
    }
    for (const [kind, of] of [
      ['duplicates', (f: Figures) => f.duplicates],
      ['losses', (f: Figures) => f.losses],
    ] as const) {
      const rates = runs.map((f) => total(of(f)) / f.events)
      const worst = runs[rates.indexOf(Math.max(...rates))]
      lines.push(
        `  ${kind}: mean ${(100 * (rates.reduce((a, b) => a + b, 0) / runs.length)).toFixed(2)} %, ` +
          `worst ${(100 * Math.max(...rates)).toFixed(2)} % (seed ${worst.seed})`,
      )
      const causes = [...new Set(runs.flatMap((f) => Object.keys(of(f))))]
      for (const cause of causes) {
        const counts = runs.map((f) => of(f)[cause] ?? 0)
        const causeRates = runs.map((f, i) => counts[i] / f.events)
        lines.push(
          `    ${cause}: mean ${(100 * (causeRates.reduce((a, b) => a + b, 0) / runs.length)).toFixed(2)} %, ` +
            `worst ${(100 * Math.max(...causeRates)).toFixed(2)} %, in ${counts.filter(Boolean).length} of ${runs.length} runs`,
        )
      }
    }
  }
  return lines.join('\n')
}
