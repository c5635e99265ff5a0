// The demo site: History-API navigation and buttons that call the Lyt SDK.
// Runs after /js/lyt.min.js (both deferred, in document order), so `lyt` is the real SDK
// here unless the SDK failed to load.
;(function () {
  'use strict'

  var sections = Array.prototype.slice.call(document.querySelectorAll('[data-route]'))
  var lastResult = document.getElementById('last-result')
  var queueLength = document.getElementById('queue-length')
  var trackingState = document.getElementById('tracking-state')
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

  // ---- buttons that call the SDK ----
  function show(label) {
    return function (result) {
      lastResult.textContent = new Date().toLocaleTimeString() + '  ' + label + '\n' + JSON.stringify(result, null, 2)
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
    flush: function () {
      lyt.flush(show('lyt.flush()'))
    },
    optOut: function () {
      lyt.optOut()
      show('lyt.optOut()')({ note: 'nothing is tracked until lyt.optIn(); waiting events were discarded' })
    },
    optIn: function () {
      lyt.optIn()
      show('lyt.optIn()')({ note: 'tracking again' })
    },
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('button[data-action]')
    if (!button) return
    try {
      actions[button.getAttribute('data-action')]()
    } catch (error) {
      // Only the stub is there (the SDK did not load): it has no batch/flush/optOut.
      show(button.textContent)({ thrown: String(error) })
    }
    updateStatus()
  })

  // ---- what the SDK is doing right now ----
  function optedOut() {
    try { return localStorage.getItem('lyt_ignore') === 'true' } catch (e) { return false }
  }
  function updateStatus() {
    queueLength.textContent = sdkLoaded ? String(lyt.queueLength()) : '–'
    trackingState.textContent = optedOut() ? 'opted out' : 'on'
  }
  updateStatus()
  setInterval(updateStatus, 500)
})()
