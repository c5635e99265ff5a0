// The live panel: every request the collector receives, newest first, streamed with
// server-sent events from /live/stream, plus switches for the collector's fault mode.
// EventSource reconnects by itself, so the panel survives a collector restart.
;(function () {
  var MAX_ENTRIES = 200
  var log = document.getElementById('live-log')
  var status = document.getElementById('live-status')
  var switches = document.getElementById('fault-switches')
  var counters = {
    requests: document.getElementById('count-requests'),
    eventsReceived: document.getElementById('count-events'),
    accepted: document.getElementById('count-stored'),
    duplicates: document.getElementById('count-duplicates'),
  }
  var faultHelp = document.getElementById('fault-help')
  // What each of the collector's answers does (demo/collector.mjs), and what the SDK does then.
  var FAULTS = {
    none: "Answers as Lyt's server does: valid events are stored, 200.",
    500: 'Answers 500 and stores nothing: the SDK keeps the events and retries, waiting longer each time.',
    hang: 'Never answers: the SDK gives up on the request after 10 s and retries. Switching away answers what hangs with 504.',
    reset: 'Cuts the connection before storing anything: a network error for the SDK, which retries.',
    lost:
      'Stores the events, then cuts the connection instead of answering: the SDK cannot know they ' +
      'arrived and sends them again, and Lyt\'s server stores every copy. Watch "duplicates".',
    400: 'Refuses every request with 400 and no details: the SDK halves the batch until the bad event is alone, then gives it up ("rejected"). Here every event is refused, so every one is given up: none is delivered.',
  }

  // Builds an element; children are nodes or strings (always text: event data is never HTML).
  function el(tag, attrs, children) {
    var node = document.createElement(tag)
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name])
    })
    ;(children || []).forEach(function (child) {
      if (child != null) node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child)
    })
    return node
  }

  /** The full build's "Exception" event: its type and message first, where it came from, the stack folded. */
  function renderException(metadata) {
    var m = metadata || {}
    var rest = {}
    Object.keys(m).forEach(function (key) {
      if (['type', 'message', 'stack', 'source', 'line', 'column', 'handled'].indexOf(key) < 0) rest[key] = m[key]
    })
    var where = m.source ? String(m.source) + (m.line != null ? ':' + m.line + (m.column != null ? ':' + m.column : '') : '') : ''
    return [
      el('span', { class: 'exception-message' }, [String(m.type || 'Error') + ': ' + String(m.message)]),
      el('span', { class: 'exception-where' }, [(m.handled === false ? 'uncaught' : 'handled') + (where ? ' · ' + where : '')]),
      Object.keys(rest).length ? el('pre', {}, [JSON.stringify(rest)]) : null,
      m.stack ? el('details', {}, [el('summary', {}, ['stack']), el('pre', {}, [String(m.stack)])]) : null,
    ]
  }

  function renderEvent(event) {
    var details = []
    if (event.id != null) details.push('id ' + event.id)
    if (event.timestamp != null) details.push(String(event.timestamp))
    var exception = event.name === 'Exception' && event.metadata && typeof event.metadata === 'object'
    var kind = event.name === 'Page View' ? 'pageview' : exception ? 'exception' : 'custom'
    return el(
      'li',
      { class: 'event ' + kind, 'data-event-name': String(event.name) },
      [
        el('strong', {}, [String(event.name)]),
        event.path != null ? el('code', {}, [String(event.path)]) : null,
        event.duplicate
          ? el('span', { class: 'duplicate', title: 'an event with this id was already stored' }, ['duplicate'])
          : null,
      ]
        .concat(
          exception
            ? renderException(event.metadata)
            : [event.metadata !== undefined ? el('pre', {}, [JSON.stringify(event.metadata)]) : null],
        )
        .concat([details.length ? el('small', {}, [details.join(' · ')]) : null]),
    )
  }

  function renderSession(session) {
    var parts = Object.keys(session || {}).map(function (key) {
      return key + '=' + session[key]
    })
    return parts.length ? el('p', { class: 'session' }, ['session: ' + parts.join(' · ')]) : null
  }

  function renderRequest(request) {
    var outcome = request.status != null ? String(request.status) : request.fault
    var ok = request.status != null && request.status < 300
    return el(
      'li',
      {
        class: 'request ' + (ok ? 'ok' : 'failed'),
        'data-request-id': String(request.id),
        'data-status': outcome,
      },
      [
        el('div', { class: 'request-line' }, [
          el('span', { class: 'badge' }, [outcome]),
          request.method + ' ' + request.path,
          request.fault !== 'none' ? el('span', { class: 'fault' }, ['fault: ' + request.fault]) : null,
          el('time', {}, [new Date(request.receivedAt).toLocaleTimeString()]),
        ]),
        request.events.length ? el('ul', { class: 'events' }, request.events.map(renderEvent)) : null,
        renderSession(request.session),
      ],
    )
  }

  function addRequest(request) {
    log.insertBefore(renderRequest(request), log.firstChild)
    while (log.children.length > MAX_ENTRIES) log.removeChild(log.lastChild)
  }

  function showTotals(totals) {
    Object.keys(counters).forEach(function (key) {
      counters[key].textContent = String(totals[key] || 0)
    })
    counters.duplicates.parentNode.setAttribute('data-bad', String(totals.duplicates > 0))
  }

  function showState(state) {
    showTotals(state.totals)
    switches.querySelectorAll('input[name=fault]').forEach(function (input) {
      input.checked = input.value === state.fault
    })
    faultHelp.textContent = FAULTS[state.fault] || 'Fault: ' + state.fault
    // The page (app.js) hears it too: back to "none", it sends what waited at once.
    window.dispatchEvent(new CustomEvent('demo:fault', { detail: state.fault }))
  }

  var stream = new EventSource('/live/stream')
  stream.onopen = function () {
    setStatus('open', 'connected')
  }
  stream.onerror = function () {
    setStatus('reconnecting', 'reconnecting…')
  }
  // On (re)connecting the collector sends its state and its recent requests: start over.
  stream.addEventListener('hello', function (message) {
    var hello = JSON.parse(message.data)
    log.textContent = ''
    hello.recent.forEach(addRequest)
    showState(hello)
  })
  stream.addEventListener('state', function (message) {
    showState(JSON.parse(message.data))
  })
  stream.addEventListener('request', function (message) {
    var data = JSON.parse(message.data)
    addRequest(data.request)
    showTotals(data.totals)
  })

  function setStatus(state, text) {
    status.setAttribute('data-state', state)
    status.textContent = text
  }

  switches.addEventListener('change', function (event) {
    if (event.target.name !== 'fault') return
    fetch('/live/fault', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ mode: event.target.value }),
    }).catch(function () {
      setStatus('reconnecting', 'collector unreachable')
    })
  })

  document.getElementById('live-clear').addEventListener('click', function () {
    log.textContent = ''
  })
})()
