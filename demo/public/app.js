// The demo site: History-API navigation, buttons that call the Lyt SDK, what their callbacks
// answered, and the delivery box (each request, and when the next retry is due).
// Runs after /js/lyt.full.min.js (both deferred, in document order), so `lyt` is the real SDK
// here unless the SDK failed to load.
;(function () {
  'use strict'

  var sections = Array.prototype.slice.call(document.querySelectorAll('[data-route]'))
  var lastResult = document.getElementById('last-result')
  var queueLength = document.getElementById('queue-length')
  var trackingState = document.getElementById('tracking-state')
  var callbacksWaiting = document.getElementById('callbacks-waiting')
  var callbackLog = document.getElementById('callbacks')
  var sdkLoaded = typeof window.lyt === 'function' && typeof window.lyt.queueLength === 'function'

  if (!sdkLoaded) document.getElementById('sdk-missing').hidden = false
  document.getElementById('sdk-version').textContent = sdkLoaded ? String(lyt.version) : 'not loaded'

  // ---- navigation: every route is the same HTML shell, we only show another section ----
  function render() {
    var path = location.pathname
    var match = sections.filter(function (s) { return s.getAttribute('data-route') === path })[0] ||
      sections.filter(function (s) { return s.getAttribute('data-route') === '*' })[0]
    sections.forEach(function (s) { s.hidden = s !== match })
    document.title = match.getAttribute('data-title') + ' — Skyline Kites'
    document.querySelectorAll('nav a[data-nav]').forEach(function (a) {
      if (a.getAttribute('href') === path) a.setAttribute('aria-current', 'page')
      else a.removeAttribute('aria-current')
    })
  }

  document.addEventListener('click', function (event) {
    var link = event.target.closest && event.target.closest('a[data-nav]')
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
    var kind = result.note ? 'note' : outcome(result)
    var time = new Date().toLocaleTimeString()
    lastResult.setAttribute('data-outcome', kind)
    lastResult.textContent = time + '  ' + label + '  → ' + kind + '\n' + JSON.stringify(result, null, 2)
    if (result.note) return
    var line = document.createElement('li')
    line.setAttribute('data-outcome', kind)
    line.textContent = time + '  ' + kind + (result.error ? ' (' + result.error + ')' : result.reason ? ' (' + result.reason + ')' : '') + '  ' + label
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
      lyt('Purchase', { metadata: { product_id: 'delta-stunt', price: 29.99, currency: 'EUR' } },
        show("lyt('Purchase', { metadata: { product_id: 'delta-stunt', price: 29.99, currency: 'EUR' } })"))
    },
    invalid: function () {
      // A name is required: the SDK refuses this before queueing anything.
      lyt('', { metadata: { button: 'invalid' } }, show("lyt('', …) — an empty name"))
    },
    batch: function () {
      lyt.batch([
        { name: 'Page View', path: '/checkout' },
        { name: 'Cart Items', metadata: { count: 3 } },
      ], show('lyt.batch([Page View /checkout, Cart Items])'))
    },
    exception: function () {
      // The full build's exceptions feature: an "Exception" event with the error's type,
      // message and stack. (With data-exceptions, uncaught errors are sent the same way.)
      lyt.captureException(new Error('Checkout failed: the card was declined'), { metadata: { step: 'payment' } },
        show("lyt.captureException(new Error('Checkout failed: …'))"))
    },
    flush: function () {
      lyt.flush(show('lyt.flush()'))
    },
    optOut: function () {
      lyt.optOut()
      display('lyt.optOut()', { note: 'nothing is tracked until lyt.optIn(); waiting events were discarded' })
    },
    optIn: function () {
      lyt.optIn()
      display('lyt.optIn()', { note: 'tracking again' })
    },
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-action]')
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
  function optedOut() {
    try { return localStorage.getItem('lyt_ignore') === 'true' } catch (e) { return false }
  }
  function updateStatus() {
    queueLength.textContent = sdkLoaded ? String(lyt.queueLength()) : '–'
    callbacksWaiting.textContent = String(waiting)
    trackingState.textContent = optedOut() ? 'opted out' : 'on'
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
  var delivery = { sending: 0, sentAt: 0, failures: 0, lastStatus: null, retryAt: 0, exact: false, given: '' }

  function isRetryable(status) { return !status || status === 408 || status === 429 || status > 499 }
  function describeStatus(status) { return status ? String(status) : 'no answer (network error or time-out)' }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's') }

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
      if (detail.status > 199 && detail.status < 300) delivery.failures = 0, delivery.given = ''
      if (isRetryable(detail.status)) {
        delivery.failures++
        delivery.retryAt = Date.now() + Math.min(300000, 1000 * Math.pow(2, delivery.failures - 1))
        delivery.exact = false
      }
      deliveryLast.textContent = 'Last request: ' + plural(detail.events.length, 'event') + ' → ' +
        describeStatus(detail.status) + ' after ' + detail.ms + ' ms'
      updateStatus()
    })
    lyt.on('drop', function (detail) {
      delivery.given = plural(detail.events.length, 'event') + ' given up: ' + (detail.result.error || detail.result.reason || 'refused')
      updateStatus()
    })
    // The debug line with the wait the SDK chose (the console still shows it as before).
    var consoleLog = console.log
    console.log = function () {
      consoleLog.apply(console, arguments)
      if (arguments[0] === '[Lyt]' && arguments[2] === 'retry in' && typeof arguments[3] === 'number') {
        delivery.retryAt = Date.now() + arguments[3]
        delivery.exact = true
        updateStatus()
      }
    }
    document.getElementById('send-now').addEventListener('click', function () {
      lyt.flush(show('lyt.flush() (send now)'))
    })
  } else {
    deliveryText.textContent = sdkLoaded ? 'This build has no delivery hooks (lyt.on): load lyt.full.min.js.' : 'The SDK did not load.'
  }

  function renderDelivery() {
    if (!sdkLoaded || typeof lyt.on !== 'function') return
    var queued = lyt.queueLength()
    var state, text
    if (delivery.sending) {
      state = 'sending'
      var waited = Math.round((Date.now() - delivery.sentAt) / 1000)
      text = 'Sending ' + plural(delivery.sending, 'event') + '…' +
        (waited >= 2 ? ' no answer for ' + waited + ' s (the SDK gives up on a request after 10 s and retries).' : '')
    } else if (delivery.failures && queued) {
      state = 'retrying'
      text = 'The collector failed ' + (delivery.failures === 1 ? 'once' : delivery.failures + ' times in a row') +
        ' (last: ' + describeStatus(delivery.lastStatus) + '). The SDK keeps ' + plural(queued, 'event') +
        ' and tries again after a random wait whose limit doubles with each failure (at most 5 min).'
    } else if (queued) {
      state = 'waiting'
      text = plural(queued, 'event') + ' waiting: they go with the next request (one a second at most).'
    } else {
      state = delivery.lastStatus === null ? 'idle' : 'ok'
      text = delivery.lastStatus === null ? 'Nothing sent yet.' : 'Everything delivered: the queue is empty.'
    }
    if (delivery.given) text += ' ' + delivery.given + '.'
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
