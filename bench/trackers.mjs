// The trackers compared, each as a site would install it with a script tag, pointed at the
// bench's local server. Peers are read from node_modules (dev dependencies) at run time:
// nothing of theirs is copied into this repo.
//
// Each tracker gives:
//   file, path  the file a visitor downloads (as named in the table, and on disk)
//   url         where the bench's pages load it from (the bench serves a snapshot of it taken
//               at start, so the sizes and the browser figures are of the same bytes)
//   mounts      other URL prefixes -> folders it may load files from
//   html(src, origin)  the page's <head>: install + init from `src` (url + a query string that
//               makes each load a new URL, so V8's in-memory compilation cache never serves a
//               warm script), then `window.__benchCall(i)`, the equivalent of
//               lyt('Event', { metadata: { plan: 'pro', n: i } })
//   ready       a page expression that is true once the tracker accepts calls
//
// Every tracker is configured to do what Lyt does with data-auto="false": send the events it is
// given and nothing else (no automatic page views, autocapture, session recording, surveys,
// feature flags or remote config). That is the fair comparison for event cost; what a default
// install of a peer does on top of that is not measured here.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Folder and version of an installed dev dependency (read directly: some packages' `exports`
 * hide package.json from require.resolve). */
function pkg(name) {
  const dir = join(root, 'node_modules', name)
  return { dir, version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version }
}

const json = (value) => JSON.stringify(value).replace(/</g, '\\u003c')

export function trackers() {
  const lyt = { dir: join(root, 'dist'), version: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version }
  const plausible = pkg('@plausible-analytics/tracker')
  const posthog = pkg('posthog-js')
  const segment = pkg('@segment/analytics-next')

  return [
    {
      id: 'lyt',
      name: 'Lyt',
      package: 'lyt (this repo)',
      version: lyt.version,
      file: 'dist/lyt.min.js',
      path: join(lyt.dir, 'lyt.min.js'),
      url: '/lyt.min.js',
      // Exactly the tag the contract documents (plus data-auto="false": no page view on load).
      html: (src) => `
<script data-api="/api/analytics" data-auto="false" src="${src}"></script>
<script>window.__benchCall = function (i) { lyt('Event', { metadata: { plan: 'pro', n: i } }) }</script>`,
      ready: `typeof lyt === 'function' && !!lyt.version`,
    },
    {
      // The full build: the core plus every optional feature (src/features/), all off, as a
      // page that loads it without turning any on gets it.
      id: 'lyt-full',
      name: 'Lyt full build',
      package: 'lyt (this repo)',
      version: lyt.version,
      file: 'dist/lyt.full.min.js',
      path: join(lyt.dir, 'lyt.full.min.js'),
      url: '/lyt.full.min.js',
      html: (src) => `
<script data-api="/api/analytics" data-auto="false" src="${src}"></script>
<script>window.__benchCall = function (i) { lyt('Event', { metadata: { plan: 'pro', n: i } }) }</script>`,
      ready: `typeof lyt === 'function' && !!lyt.version`,
    },
    {
      // The npm package ships only an ES module (plausible.js, exports init/track); Plausible's
      // script-tag build (script.js) is served by plausible.io and is not on npm. The closest
      // thing to a script tag is a <script type="module"> importing the package's file, which
      // is what we load. Plausible ignores 127.0.0.1 unless captureOnLocalhost is set.
      id: 'plausible',
      name: 'Plausible',
      package: '@plausible-analytics/tracker',
      version: plausible.version,
      file: 'plausible.js (ES module: the package has no script-tag build)',
      path: join(plausible.dir, 'plausible.js'),
      url: '/plausible/plausible.js',
      html: (src) => `
<script type="module">
import { init, track } from '${src}'
init({ domain: 'bench.test', endpoint: '/api/event', autoCapturePageviews: false, captureOnLocalhost: true, logging: false })
window.__benchCall = function (i) { track('Event', { props: { plan: 'pro', n: i } }) }
</script>`,
      ready: `typeof window.__benchCall === 'function'`,
    },
    {
      // dist/array.js is what PostHog's snippet loads from its CDN (/static/array.js). Our own
      // minimal stub stands in for the snippet: an array with an `_i` init queue, which
      // array.js replays on load, so init runs inside the script's evaluation as on a real site.
      id: 'posthog',
      name: 'PostHog',
      package: 'posthog-js',
      version: posthog.version,
      file: 'dist/array.js',
      path: join(posthog.dir, 'dist/array.js'),
      url: '/posthog/array.js',
      html: (src, origin) => `
<script>
window.posthog = Object.assign([], { _i: [['phc_bench', ${json({
        api_host: origin,
        autocapture: false,
        capture_pageview: false,
        capture_pageleave: false,
        capture_dead_clicks: false,
        capture_exceptions: false,
        capture_performance: false,
        disable_session_recording: true,
        disable_surveys: true,
        disable_web_experiments: true,
        advanced_disable_flags: true,
        disable_external_dependency_loading: true,
      })}, 'posthog']] })
</script>
<script src="${src}"></script>
<script>window.__benchCall = function (i) { posthog.capture('Event', { plan: 'pro', n: i }) }</script>`,
      ready: `!!(window.posthog && posthog.__loaded)`,
    },
    {
      // dist/umd/standalone.js is the build Segment's snippet loads from its CDN
      // (analytics.js/v1/<writeKey>/analytics.min.js). Our minimal stub stands in for the
      // snippet: `_writeKey`, `_cdn` (the CDN it fetches its settings and lazy chunks from: here
      // the local server) and `_loadOptions` (the Segment.io destination and its metrics post to
      // the local server over http). The server plays the CDN's settings endpoint with the least
      // a source has: the Segment.io destination alone.
      id: 'segment',
      name: 'Segment',
      package: '@segment/analytics-next',
      version: segment.version,
      file: 'dist/umd/standalone.js',
      path: join(segment.dir, 'dist/umd/standalone.js'),
      url: '/segment/standalone.js',
      mounts: { '/analytics-next/bundles/': join(segment.dir, 'dist/umd') },
      answers: { '/v1/projects/bench/settings': { integrations: { 'Segment.io': { apiKey: 'bench' } } } },
      html: (src, origin) => {
        const destination = { apiHost: `${new URL(origin).host}/v1`, protocol: 'http' }
        return `
<script>
window.analytics = Object.assign([], { _writeKey: 'bench', _cdn: location.origin, _loadOptions: ${json({
          integrations: { 'Segment.io': destination },
        })} })
</script>
<script src="${src}"></script>
<script>window.__benchCall = function (i) { analytics.track('Event', { plan: 'pro', n: i }) }</script>`
      },
      ready: `!!(window.analytics && analytics.initialized)`,
    },
  ]
}
