// The demo site: History-API navigation, buttons that call the Lyt SDK, what their callbacks
// answered, and the delivery box (each request, and when the next retry is due).
// Runs after /js/lyt.full.min.js (both deferred, in document order), so `lyt` is the real SDK
// here unless the SDK failed to load.
;(function () {
  var sections = Array.prototype.slice.call(document.querySelectorAll('[data-route]'))
  var lastResult = document.getElementById('last-result')
  var queueLength = document.getElementById('queue-length')
  var trackingState = document.getElementById('tracking-state')
  var trackingWhy = document.getElementById('tracking-why')
  var callbacksWaiting = document.getElementById('callbacks-waiting')
  var callbackLog = document.getElementById('callbacks')
  var sdkLoaded = typeof window.lyt === 'function' && typeof window.lyt.queueLength === 'function'

  if (!sdkLoaded) document.getElementById('sdk-missing').hidden = false
  document.getElementById('sdk-version').textContent = sdkLoaded ? String(lyt.version) : 'not loaded'

  // ---- navigation: every route is the same HTML shell, we only show another section ----
  function render() {
    var path = location.pathname
    var match =
      sections.filter(function (s) {
        return s.getAttribute('data-route') === path
      })[0] ||
      sections.filter(function (s) {
        return s.getAttribute('data-route') === '*'
      })[0]
    sections.forEach(function (s) {
      s.hidden = s !== match
    })
    document.title = match.getAttribute('data-title') + ' — Skyline Kites'
    document.querySelectorAll('nav a[data-nav]').forEach(function (a) {
      if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page')
      else a.removeAttribute('aria-current')
    })
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest?.('a[data-nav]')
    // Let the browser handle new-tab clicks (modifier keys, middle button) itself.
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return
    event.preventDefault()
    if (link.getAttribute('href') !== location.pathname) history.pushState({}, '', link.getAttribute('href'))
    render()
  })
  window.addEventListener('popstate', render)
  render()

  // ---- buttons that call the SDK, and what their callbacks answer ----
  var waiting = 0 // callbacks given to the SDK and not answered yet

  /** What a callback's result means, in a word. */
  function outcome(result) {
    if (result.ok) return result.test ? 'test' : 'delivered'
    if (result.ignored) return 'ignored'
    return result.error === 'validation_error' ? 'invalid' : 'failed'
  }

  /** Shows a result as the last callback, and keeps a line of it in the short list below. */
  function display(label, result) {
    if (result.ignored) notTracked(result.reason)
    else if (result.ok && !result.test) notTracked(null)
    var kind = result.note ? 'note' : outcome(result)
    var time = new Date().toLocaleTimeString()
    lastResult.setAttribute('data-outcome', kind)
    lastResult.textContent = time + '  ' + label + '  → ' + kind + '\n' + JSON.stringify(result, null, 2)
    if (result.note) return
    var line = document.createElement('li')
    line.setAttribute('data-outcome', kind)
    line.textContent =
      time +
      '  ' +
      kind +
      (result.error ? ' (' + result.error + ')' : result.reason ? ' (' + result.reason + ')' : '') +
      '  ' +
      label
    callbackLog.insertBefore(line, callbackLog.firstChild)
    while (callbackLog.children.length > 5) callbackLog.removeChild(callbackLog.lastChild)
  }

  /** A callback for the SDK that shows what it is given (and counts it as waiting until then). */
  function show(label) {
    waiting++
    updateStatus()
    return function (result) {
      waiting--
      display(label, result)
      updateStatus()
    }
  }

  var actions = {
    signup: function () {
      lyt('Button Click', { metadata: { button: 'signup' } }, show("lyt('Button Click', { metadata: { button: 'signup' } })"))
    },
    purchase: function () {
      lyt(
        'Purchase',
        { metadata: { product_id: 'delta-stunt', price: 29.99, currency: 'EUR' } },
        show("lyt('Purchase', { metadata: { product_id: 'delta-stunt', price: 29.99, currency: 'EUR' } })"),
      )
    },
    invalid: function () {
      // A name is required: the SDK refuses this before queueing anything.
      lyt('', { metadata: { button: 'invalid' } }, show("lyt('', …) — an empty name"))
    },
    batch: function () {
      lyt.batch(
        [
          { name: 'Page View', path: '/checkout' },
          { name: 'Cart Items', metadata: { count: 3 } },
        ],
        show('lyt.batch([Page View /checkout, Cart Items])'),
      )
    },
    exception: function () {
      // The full build's exceptions feature: an "Exception" event with the error's type,
      // message and stack. (With data-exceptions, uncaught errors are sent the same way.)
      lyt.captureException(
        new Error('Checkout failed: the card was declined'),
        { metadata: { step: 'payment' } },
        show("lyt.captureException(new Error('Checkout failed: …'))"),
      )
    },
    flush: function () {
      lyt.flush(show('lyt.flush()'))
    },
    optOut: function () {
      lyt.optOut()
      notTracked('opt_out')
      display('lyt.optOut()', { note: 'nothing is tracked until lyt.optIn(); waiting events were discarded' })
    },
    optIn: function () {
      lyt.optIn()
      notTracked(null)
      display('lyt.optIn()', { note: 'tracking again' })
    },
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest?.('button[data-action]')
    if (!button) return
    try {
      actions[button.getAttribute('data-action')]()
    } catch (error) {
      // Only the stub is there (the SDK did not load): it has no batch/flush/optOut.
      display(button.textContent, { ok: false, thrown: String(error) })
    }
    updateStatus()
  })

  // ---- what the SDK is doing right now ----
  // Whether the SDK tracks this page is the SDK's to say: the reason a callback gave
  // ({ignored: true, reason}), or its debug line "[Lyt] not tracked: <reason>" (this page has
  // data-debug; the automatic Page View at start-up says it first). Any delivered call means on.
  var ignoredBecause = null
  var REASONS = {
    automation: 'the browser says it is driven by automation (navigator.webdriver): the SDK sends nothing',
    dnt: 'Do Not Track or Global Privacy Control is on: the SDK sends nothing (data-dnt="false" would ignore them)',
    opt_out: 'opted out with lyt.optOut() (kept in localStorage): click Opt in to track again',
    file: 'a file: page: the SDK sends nothing',
    excluded: 'this path is excluded (data-exclude)',
  }
  function notTracked(reason) {
    ignoredBecause = reason || null
  }
  function optedOut() {
    try {
      return localStorage.getItem('lyt_ignore') === 'true'
    } catch (_e) {
      return false
    }
  }
  function updateStatus() {
    queueLength.textContent = sdkLoaded ? String(lyt.queueLength()) : '–'
    callbacksWaiting.textContent = String(waiting)
    var reason = ignoredBecause || (optedOut() ? 'opt_out' : null)
    trackingState.textContent = !sdkLoaded ? '–' : reason ? 'ignored: ' + reason : 'on'
    trackingState.setAttribute('data-reason', reason || '')
    trackingWhy.textContent = reason ? REASONS[reason] || '' : ''
    renderDelivery()
  }

  // ---- delivery: each request and its answer (the full build's lyt.on), and the next retry ----
  // The SDK retries a failed request (no answer, 408, 429, 5xx) after a random wait of up to
  // 1 s × 2^(failures in a row − 1), at most 5 minutes, or what a Retry-After asks. The hooks
  // say when a request goes and what came back; with data-debug the SDK also logs the wait it
  // chose ("[Lyt] 500 retry in 5230"), which makes the countdown exact. Without that line the
  // countdown runs to the longest wait the backoff allows ("within").
  var deliveryBox = document.getElementById('delivery')
  var deliveryText = document.getElementById('delivery-text')
  var deliveryLast = document.getElementById('delivery-last')
  var retryRow = document.getElementById('retry')
  var retryCountdown = document.getElementById('retry-countdown')
  var delivery = {
    sending: 0,
    sentAt: 0,
    failures: 0,
    lastStatus: null,
    retryAt: 0,
    exact: false,
    delivered: 0, // events the collector acknowledged (2xx), since the page loaded
    refused: 0, // events given up since the last delivery: refused (4xx), discarded, expired…
    refusedAs: '', // how the last of them went
    healedAt: 0,
    healedWith: 0,
    healedRetryIn: 0, // the collector answers again: when, events sent at once, the wait saved
    retryOnceMore: false, // after healing, a request that was hanging comes back 504: send again at once
  }

  function isRetryable(status) {
    return !status || status === 408 || status === 429 || status > 499
  }
  function describeStatus(status) {
    return status ? String(status) : 'no answer (network error or time-out)'
  }
  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's')
  }

  if (sdkLoaded && typeof lyt.on === 'function') {
    lyt.on('send', function (detail) {
      delivery.sending = detail.events.length
      delivery.sentAt = Date.now()
      delivery.retryAt = 0
      updateStatus()
    })
    lyt.on('reply', function (detail) {
      delivery.sending = 0
      delivery.lastStatus = detail.status
      if (detail.status > 199 && detail.status < 300) {
        delivery.failures = 0
        delivery.delivered += detail.events.length
        delivery.refused = 0
      }
      if (isRetryable(detail.status)) {
        delivery.failures++
        delivery.retryAt = Date.now() + Math.min(300000, 1000 * 2 ** (delivery.failures - 1))
        delivery.exact = false
        // The collector was switched back to "none" while this request hung: it was answered
        // 504 as the hang ended. Healthy now, so send again at once (once per healing).
        if (delivery.retryOnceMore) {
          delivery.retryOnceMore = false
          lyt.flush()
        }
      }
      deliveryLast.textContent =
        'Last request: ' +
        plural(detail.events.length, 'event') +
        ' → ' +
        describeStatus(detail.status) +
        ' after ' +
        detail.ms +
        ' ms'
      updateStatus()
    })
    lyt.on('drop', function (detail) {
      var result = detail.result
      delivery.refused += detail.events.length
      delivery.refusedAs =
        result.error === 'rejected' || result.error === 'validation_error'
          ? 'refused by the collector (' +
            (result.status || 400) +
            (result.error === 'validation_error' ? ', invalid' : '') +
            ') and given up: the SDK never sends a refused event again'
          : result.ignored
            ? 'discarded (' + result.reason + ')'
            : 'given up (' + (result.error || 'dropped') + ')'
      updateStatus()
    })
    document.getElementById('send-now').addEventListener('click', function () {
      lyt.flush(show('lyt.flush() (send now)'))
    })
    // The live panel says when the collector's answers change (live.js). Back to "none": the
    // demo sends what waited at once, instead of waiting for the SDK's next retry.
    var collectorFault = null
    window.addEventListener('demo:fault', function (event) {
      var was = collectorFault
      collectorFault = event.detail
      if (collectorFault !== 'none' || !was || was === 'none') return
      delivery.healedAt = Date.now()
      delivery.healedWith = lyt.queueLength()
      delivery.healedRetryIn =
        delivery.failures && delivery.retryAt > Date.now() ? Math.ceil((delivery.retryAt - Date.now()) / 1000) : 0
      if (delivery.healedWith) {
        delivery.retryOnceMore = true
        lyt.flush(show('lyt.flush() (the collector answers again)'))
      }
      updateStatus()
    })
  } else {
    deliveryText.textContent = sdkLoaded
      ? 'This build has no delivery hooks (lyt.on): load lyt.full.min.js.'
      : 'The SDK did not load.'
  }
  // The SDK's debug lines, kept by debug-log.js from before the SDK started: "not tracked:
  // <reason>" says why it ignores this page; the wait it chose for a retry ("500 retry in
  // 5230") makes the countdown exact.
  function debugLine(line) {
    if (line[0] === 'not tracked:' && typeof line[1] === 'string') notTracked(line[1])
    else if (line[1] === 'retry in' && typeof line[2] === 'number') {
      delivery.retryAt = Date.now() + line[2]
      delivery.exact = true
    }
  }
  ;(window.lytDebugLines || []).forEach(debugLine)
  window.addEventListener('demo:lyt-log', function (event) {
    debugLine(event.detail)
    updateStatus()
  })

  function renderDelivery() {
    if (!sdkLoaded || typeof lyt.on !== 'function') return
    var queued = lyt.queueLength()
    var state, text
    if (delivery.sending) {
      state = 'sending'
      var waited = Math.round((Date.now() - delivery.sentAt) / 1000)
      text =
        'Sending ' +
        plural(delivery.sending, 'event') +
        '…' +
        (waited >= 2 ? ' no answer for ' + waited + ' s (the SDK gives up on a request after 10 s and retries).' : '')
    } else if (delivery.failures && queued) {
      state = 'retrying'
      text =
        'The collector failed ' +
        (delivery.failures === 1 ? 'once' : delivery.failures + ' times in a row') +
        ' (last: ' +
        describeStatus(delivery.lastStatus) +
        '). The SDK keeps ' +
        plural(queued, 'event') +
        ' and tries again after a random wait whose limit doubles with each failure (at most 5 min); ' +
        'Send now (lyt.flush()) tries at once.'
    } else if (queued) {
      state = 'waiting'
      text = plural(queued, 'event') + ' waiting: they go with the next request (one a second at most).'
    } else if (delivery.refused) {
      // The queue is empty because events were given up, not because they arrived.
      state = 'refused'
      text = 'Not delivered: ' + plural(delivery.refused, 'event') + ' ' + delivery.refusedAs + '. Nothing is waiting.'
    } else {
      state = delivery.lastStatus === null ? 'idle' : 'ok'
      text = delivery.lastStatus === null ? 'Nothing sent yet.' : 'Everything delivered: the queue is empty.'
      if (state === 'ok' && delivery.healedWith && Date.now() - delivery.healedAt < 15000) {
        text +=
          ' The collector answers again, so the demo sent the ' +
          plural(delivery.healedWith, 'event') +
          ' that waited at once (lyt.flush())' +
          (delivery.healedRetryIn ? '; on its own the SDK would have retried within ' + delivery.healedRetryIn + ' s.' : '.')
      }
    }
    if (state !== 'refused' && delivery.refused) text += ' ' + plural(delivery.refused, 'event') + ' ' + delivery.refusedAs + '.'
    deliveryBox.setAttribute('data-state', state)
    deliveryText.textContent = text
    var retrying = state === 'retrying'
    retryRow.hidden = !retrying
    if (retrying) {
      var left = Math.max(0, Math.ceil((delivery.retryAt - Date.now()) / 1000))
      retryRow.firstChild.textContent = delivery.exact ? 'Next retry in ' : 'Next retry within '
      retryCountdown.textContent = delivery.retryAt ? (left ? left + ' s' : 'now') : '…'
    }
  }

  updateStatus()
  setInterval(updateStatus, 250)
})()
