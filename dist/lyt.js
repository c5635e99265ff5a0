(() => {
  // src/validate.ts
  var MAX_NAME_LENGTH = 255;
  var MAX_PATH_LENGTH = 2048;
  var MAX_METADATA_BYTES = 10240;
  function checkEvent(name, options, details, prefix) {
    let path;
    let metadata;
    let json;
    let key = prefix + "options";
    try {
      if (options && typeof options === "object") {
        if (prefix) name = options.name;
        path = options.path;
        metadata = options.metadata;
      }
      key = prefix + "metadata";
      if (metadata != null) {
        json = JSON.stringify(metadata);
        if (json?.[0] !== "{") details[key] = ["must be an object"];
        else if (json.length * 3 > MAX_METADATA_BYTES && new Blob([json]).size > MAX_METADATA_BYTES) {
          details[key] = [`should be at most ${MAX_METADATA_BYTES} byte(s)`];
        }
      }
    } catch {
      details[key] = ["is invalid"];
    }
    key = prefix + "name";
    if (name == null) details[key] = ["is required"];
    else if (typeof name !== "string") details[key] = ["must be a string"];
    else if (!name.trim()) details[key] = ["can't be blank"];
    else if ([...name].length > MAX_NAME_LENGTH) details[key] = [`should be at most ${MAX_NAME_LENGTH} character(s)`];
    key = prefix + "path";
    if (path != null) {
      if (typeof path !== "string") details[key] = ["must be a string"];
      else if ([...path].length > MAX_PATH_LENGTH) details[key] = [`should be at most ${MAX_PATH_LENGTH} character(s)`];
    }
    return { name, path, metadata: json && JSON.parse(json) };
  }
  var hasProblems = (details) => Object.keys(details).length > 0;

  // src/paths.ts
  var trackedPath = (location, hashRouting) => (location.pathname + (hashRouting ? location.hash : "")).slice(0, MAX_PATH_LENGTH);
  function nameMatcher(patterns) {
    const list = patterns.split(",").filter((pattern) => pattern.trim()).map((pattern) => RegExp("^" + pattern.trim().replace(/\W/g, "\\$&").replace(/\\\*/g, ".*") + "$", "s"));
    return (path) => list.some((pattern) => pattern.test(path));
  }
  var keptQuery = (search, isSent) => search.slice(1).split("&").filter((pair) => isSent(pair.split("=")[0])).join("&") || void 0;

  // src/callbacks.ts
  var answerLater = (callback, result) => {
    if (typeof callback === "function") queueMicrotask(() => callback(result));
  };
  var outcomes = (count, callback, counted) => {
    let delivered = 0;
    let failure;
    let success = { ok: true };
    const answer = () => answerLater(callback, { ...failure || (false ? success : { ok: true }), ...counted && { queued: delivered } });
    if (!count) answer();
    return (result) => {
      if (result.ok) {
        delivered++;
        if (false) success = result;
      } else failure = failure || result;
      if (!--count) answer();
      return count;
    };
  };

  // src/queue.ts
  var STALE_AFTER_MS = 15e3;
  var hasId = (event) => typeof event?.id === "string";
  var parseQueue = (text) => {
    try {
      const record = typeof text === "string" && JSON.parse(text);
      if (Array.isArray(record?.e)) return { ...record, e: record.e.filter(hasId) };
    } catch {
    }
    return { e: [] };
  };
  var isReleased = (record) => record.l === 1;
  var isStale = (record, now) => typeof record.h !== "number" || now - record.h >= STALE_AFTER_MS;
  var deliveredAtExit = (record) => record.e.slice(0, record.s || 0);
  var keptEvents = (record) => record.e.slice(record.s || 0);
  var hasKeptEvents = (record) => isReleased(record) && keptEvents(record).length > 0;
  var MAX_BODY_CHARS = 2e4;
  var nextBatch = (waiting, maxEvents, session) => {
    let events = waiting.slice(0, maxEvents);
    for (; ; ) {
      const body = JSON.stringify({ events, ...session });
      if (body.length <= MAX_BODY_CHARS || events.length < 2) return { events, body };
      events = events.slice(0, events.length >> 1);
    }
  };

  // src/response.ts
  var isRetryable = (status) => !status || status === 408 || status === 429 || status > 499;
  function namedEvents(body, batch) {
    const refused = [];
    const details = body?.details;
    for (const key in details) {
      const [, index, field] = /^events\[(\d+)\]\.(.+)$/.exec(key) || [];
      if (batch[+index]) refused[+index] = { ...refused[+index], [field]: [].concat(details[key]) };
    }
    return refused;
  }
  var FIRST_RETRY_MS = 1e3;
  var MAX_RETRY_MS = 3e5;
  function retryDelay(attempt, random, retryAfter, now) {
    const asked = retryAfter ? +retryAfter >= 0 ? +retryAfter * 1e3 : Date.parse(retryAfter) - now : -1;
    return asked >= 0 ? Math.min(asked, MAX_RETRY_MS) : random() * Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
  }

  // src/trust.ts
  var UNHEARD = 0;
  var ANSWERING = 1;
  var FAILING = 2;
  var EVIDENCE_MS = 3e4;
  var isRecentSuccess = (at, now) => now - at < EVIDENCE_MS;
  var MIN_ANSWER_WAIT_MS = 1e3;
  var MAX_ANSWER_WAIT_MS = 3e3;
  var answerWaitMs = (slowestAnswerMs) => Math.min(MAX_ANSWER_WAIT_MS, Math.max(MIN_ANSWER_WAIT_MS, 4 * slowestAnswerMs));
  var HOLD_MS = 1e4;
  var canCheckHeld = (leftAt, now) => now - leftAt <= HOLD_MS;

  // src/delivery.ts
  var MAX_BATCH_EVENTS = 100;
  var EXIT_BATCH_EVENTS = 10;
  var KEEPALIVE_BUDGET_BYTES = 63e3;
  var SUCCESS_KEY_PREFIX = "lyt_ok_";
  function createDelivery(options) {
    const { config, queue, transport, session, storage, win, now, random, isLeft, isPaused, hooks, log } = options;
    const requestsInFlight = /* @__PURE__ */ new Set();
    const inFlight = /* @__PURE__ */ new Map();
    let keepaliveRoom = KEEPALIVE_BUDGET_BYTES;
    let batchLimit = MAX_BATCH_EVENTS;
    let plannedSend;
    let lastSendAt = 0;
    let failedAttempts = 0;
    let news = UNHEARD;
    let slowestAnswerMs = 0;
    const isOffline = () => win.navigator.onLine === false;
    const successKey = () => SUCCESS_KEY_PREFIX + config.endpoint;
    const serverAnswers = () => news === ANSWERING || news === UNHEARD && isRecentSuccess(+storage("getItem", successKey()), now());
    const maySendNow = () => !isOffline() && !isLeft() && !isPaused() && !inFlight.size;
    const mayHandOverAtExit = () => !isOffline() && !isPaused() && serverAnswers();
    const hasWaitedTooLong = (request) => now() - request._sentAt >= answerWaitMs(slowestAnswerMs);
    const noticeHang = () => {
      if ([...requestsInFlight].some(hasWaitedTooLong)) {
        heardFailure();
        queue._requeueHeld();
      }
    };
    const takenAsDelivered = (event) => {
      const request = inFlight.get(event);
      return !!request && request._keepalive && !hasWaitedTooLong(request);
    };
    const tellQueueWhatWentAtExit = () => {
      const trustsServer = serverAnswers() && !isOffline();
      queue._setDeliveredAtExit(trustsServer ? queue._events().filter(takenAsDelivered) : []);
    };
    const cancelPlannedSend = () => {
      clearTimeout(plannedSend);
      plannedSend = void 0;
    };
    const sendIn = (delayMs) => {
      cancelPlannedSend();
      plannedSend = setTimeout(sendNext, delayMs);
    };
    const scheduleNext = () => {
      const [oldest] = queue._events();
      if (inFlight.size || plannedSend) return;
      if (!oldest) batchLimit = MAX_BATCH_EVENTS;
      else if (Date.parse(oldest.timestamp) < lastSendAt) sendIn(0);
      else sendIn(lastSendAt + config.flushInterval - now());
    };
    const heardSuccess = (request) => {
      news = ANSWERING;
      failedAttempts = 0;
      slowestAnswerMs = Math.max(slowestAnswerMs, now() - request._sentAt);
      storage("setItem", successKey(), String(now()));
    };
    const heardFailure = () => {
      news = FAILING;
      storage("removeItem", successKey());
    };
    const end = (request) => {
      requestsInFlight.delete(request);
      for (const event of request._events) inFlight.delete(event);
      if (request._keepalive) keepaliveRoom += request._bytes;
    };
    const settleHeld = (serverFailed) => serverFailed ? queue._requeueHeld() : queue._forgetHeld();
    const onReply = (request, { status, body, retryAfter }, offline) => {
      const events = request._events;
      if (false) for (const hook of hooks.reply) hook(events, status);
      if (!requestsInFlight.has(request)) return;
      if (isLeft() && !status) return;
      end(request);
      const failed = isRetryable(status);
      const saysSomethingOfServer = status > 0 || !offline;
      if (saysSomethingOfServer) settleHeld(failed);
      if (status >= 200 && status < 300) {
        heardSuccess(request);
        queue._finish(events, { ok: true });
        cancelPlannedSend();
        return scheduleNext();
      }
      if (failed) {
        heardFailure();
        const delay = retryDelay(failedAttempts++, random, retryAfter, now());
        log(status, "retry in", Math.round(delay));
        tellQueueWhatWentAtExit();
        if (!isLeft()) sendIn(delay);
        return;
      }
      const refused = namedEvents(status === 400 && body, events);
      if (refused.length) {
        refused.forEach((details, index) => {
          queue._finish([events[index]], { ok: false, error: "validation_error", details });
        });
      } else if (events.length > 1) {
        batchLimit = Math.ceil(events.length / 2);
      } else {
        batchLimit = MAX_BATCH_EVENTS;
        queue._finish(events, { ok: false, error: "rejected", status });
      }
      sendNext();
    };
    const sendable = () => {
      const waiting = queue._events().filter((event) => !inFlight.has(event));
      const own = waiting.filter((event) => !queue._isAdopted(event));
      return news === ANSWERING || !own.length ? waiting : own;
    };
    const sendBatch = (limit, atExit) => {
      const waiting = sendable();
      const { events, body } = nextBatch(waiting, limit, session);
      const bytes = new Blob([body]).size;
      const keepalive = bytes <= keepaliveRoom;
      if (!events.length || atExit && !keepalive) return false;
      lastSendAt = now();
      const request = { _events: events, _bytes: bytes, _sentAt: lastSendAt, _keepalive: keepalive };
      if (keepalive) keepaliveRoom -= bytes;
      requestsInFlight.add(request);
      for (const event of events) inFlight.set(event, request);
      if (false) for (const hook of hooks.send) hook(events, bytes, keepalive);
      transport(config.endpoint.replace(/\/+$/, "") + "/events", body, keepalive).then((reply) => {
        const offline = isOffline();
        if (reply.status) onReply(request, reply, offline);
        else setTimeout(() => onReply(request, reply, offline));
      });
      return true;
    };
    const sendNext = () => {
      cancelPlannedSend();
      if (!maySendNow()) return;
      if (!canCheckHeld(queue._heldSince(), now())) queue._forgetHeld();
      sendBatch(batchLimit, false);
      scheduleNext();
    };
    return {
      _sendNext: sendNext,
      _scheduleNext: scheduleNext,
      /** Sends at once (a page load, back online, back from the bfcache). */
      _sendSoon: () => sendIn(0),
      /**
       * The page is hidden or left: everything waiting goes at once, as far as the keepalive
       * budget allows (what does not fit stays stored for the next page load), when it may
       * (`mayHandOverAtExit`). Once the page is left, the queue is told what is taken as delivered.
       */
      _sendAll() {
        cancelPlannedSend();
        noticeHang();
        if (mayHandOverAtExit()) {
          let sentOne = true;
          while (sentOne) sentOne = sendBatch(Math.min(batchLimit, EXIT_BATCH_EVENTS), true);
        }
        tellQueueWhatWentAtExit();
        if (!isLeft()) scheduleNext();
      },
      /**
       * Back from the bfcache: what was in flight as the page was left will not be heard of
       * (WebKit ends such requests with no answer; an answer may never come): each request is
       * decided as it was as the page left — its events taken as delivered leave the queue as
       * delivered, the others are sent again.
       */
      _resume() {
        for (const request of requestsInFlight) {
          end(request);
          queue._finish(request._events.filter(queue._wasDeliveredAtExit), { ok: true });
        }
      },
      /** A page was left with events it kept: the server may be failing; nothing is trusted until a success. */
      _suspectFailure: heardFailure
    };
  }

  // src/navigation.ts
  var watchNavigation = (win, onNavigate) => {
    const history = win.history;
    for (const method of ["pushState", "replaceState"]) {
      const original = history[method];
      history[method] = function() {
        const result = original.apply(this, arguments);
        onNavigate();
        return result;
      };
    }
    win.addEventListener("popstate", onNavigate);
    win.addEventListener("hashchange", onNavigate);
  };

  // src/privacy.ts
  var OPT_OUT_KEY = "lyt_ignore";
  var AUTOMATION_GLOBALS = ["_phantom", "__nightmare", "Cypress"];
  function ignoreReason(win, respectDnt) {
    const navigator = win.navigator;
    if (win.location.protocol === "file:") return "file";
    if (navigator.webdriver || AUTOMATION_GLOBALS.some((name) => win[name])) return "automation";
    if (respectDnt && (navigator.doNotTrack === "1" || navigator.globalPrivacyControl === true)) return "dnt";
  }

  // src/storage.ts
  var safeStorage = (open, onFailure) => (method, key, value) => {
    try {
      return method === "keys" ? Object.keys(open()) : open()[method](key, value);
    } catch (error) {
      onFailure(error);
      return false;
    }
  };

  // src/waiters.ts
  function createWaiters() {
    let waiters = [];
    const numbers = /* @__PURE__ */ new WeakMap();
    let lastNumber = 0;
    const numberNew = (events) => {
      for (const event of events) if (!numbers.has(event)) numbers.set(event, ++lastNumber);
    };
    const isAwaitedBy = ({ _first: first, _last: last }, event) => {
      const number = numbers.get(event);
      return number >= first && number <= last;
    };
    return {
      /** `record` waits for the outcome of each of `events`, just queued by one call. */
      _waitFor(events, record) {
        const first = lastNumber + 1;
        numberNew(events);
        waiters.push({ _first: first, _last: lastNumber, _record: record });
      },
      /** `record` waits for every event queued until now (`flush()`); `events` are those still queued. */
      _waitForAll(events, record) {
        numberNew(events);
        if (events.length) waiters.push({ _first: 0, _last: lastNumber, _record: record });
      },
      /** `events` had their outcome: every callback waiting for one of them records it. */
      _settle(events, result) {
        waiters = waiters.filter((waiter) => {
          let stillAwaited = true;
          for (const event of events) if (isAwaitedBy(waiter, event)) stillAwaited = waiter._record(result) > 0;
          return stillAwaited;
        });
      }
    };
  }

  // src/tab-queue.ts
  var QUEUE_KEY_PREFIX = "lyt_q_";
  var HEARTBEAT_MS = 5e3;
  function createTabQueue({ config, storage, now, isLeft, isPaused, hooks, log, warn }) {
    const waiters = createWaiters();
    const key = QUEUE_KEY_PREFIX + Math.random().toString(36).slice(2);
    let pending = [];
    let held = [];
    let heldSince = 0;
    const adopted = /* @__PURE__ */ new WeakSet();
    let handedOverAtExit = [];
    let stored;
    let saveScheduled = false;
    const isExpired = (event, time) => Date.parse(event.timestamp) < time - config.maxAge;
    const isOurs = (record) => (record.a ?? config.endpoint) === config.endpoint;
    const isOrphaned = (record) => isOurs(record) && record.e.length > 0 && (isReleased(record) || isStale(record, now()));
    const hasAlready = (event) => pending.concat(held).some((other) => other.id === event.id);
    const finish = (events, result) => {
      const leaving = events.filter((event) => pending.includes(event));
      if (!leaving.length) return;
      (result.ok ? log : warn)(
        JSON.stringify(result),
        leaving.length,
        leaving.map((event) => event.name)
      );
      if (false) for (const hook of hooks.drop) hook(leaving, result);
      pending = pending.filter((event) => !leaving.includes(event));
      saveSoon();
      waiters._settle(leaving, result);
    };
    const save = () => {
      const time = now();
      if (isLeft()) letGoIfTaken();
      finish(
        pending.filter((event) => isExpired(event, time)),
        { ok: false, error: "expired" }
      );
      finish(pending.slice(0, -config.maxQueue), { ok: false, error: "queue_full" });
      saveScheduled = false;
      const left = isLeft();
      const passedOn = left && canCheckHeld(heldSince, time) ? held : [];
      const sent = passedOn.concat(pending.filter((event) => handedOverAtExit.includes(event)));
      const events = sent.concat(pending.filter((event) => !sent.includes(event)));
      const record = events.length ? JSON.stringify({
        h: time,
        a: config.endpoint,
        e: events,
        s: left || sent.length ? sent.length : void 0,
        l: left ? 1 : void 0
      }) : void 0;
      if (record && isPaused()) return;
      if (storage(record ? "setItem" : "removeItem", key, record) !== false) stored = record;
    };
    const saveSoon = () => {
      if (!saveScheduled) queueMicrotask(() => saveScheduled && save());
      saveScheduled = true;
    };
    const handOver = (record) => {
      const taken = parseQueue(record).e;
      const isTaken = (event) => taken.some((other) => other.id === event.id);
      finish(pending.filter(isTaken), { ok: false, error: "taken_over" });
    };
    const letGoIfTaken = () => {
      if (storage("getItem", key) === null) handOver(stored);
    };
    return {
      /** This tab's record's key (the `storage` event names it). */
      _key: key,
      /** This tab's events not yet delivered, oldest first. */
      _events: () => pending,
      _finish: finish,
      _save: save,
      _handOver: handOver,
      _letGoIfTaken: letGoIfTaken,
      /** Queues the events of one call; `record` hears each one's outcome (its callback's), if it has one. */
      _add(events, record) {
        if (record) waiters._waitFor(events, record);
        pending.push(...events);
        saveSoon();
      },
      /** `flush(callback)`: the callback hears once every event queued now has an outcome. */
      _awaitAll(callback) {
        waiters._waitForAll(pending, outcomes(pending.length, callback, true));
      },
      /** The event went as the page was hidden or left, and was taken as delivered. */
      _wasDeliveredAtExit: (event) => handedOverAtExit.includes(event),
      /** As the page is hidden or left, delivery says which pending events it takes as delivered. */
      _setDeliveredAtExit(events) {
        handedOverAtExit = events;
        saveSoon();
      },
      /** The event was taken over from another tab's record. */
      _isAdopted: (event) => adopted.has(event),
      /** When the page whose events are held was left (0: none held). */
      _heldSince: () => held.length ? heldSince : 0,
      /** The held events did not arrive (the server was failing): they are sent again, first. */
      _requeueHeld() {
        pending = held.concat(pending);
        held = [];
      },
      /** The held events arrived, or can no longer be checked: they are let go. */
      _forgetHeld() {
        held = [];
      },
      /**
       * Renews this tab's heartbeat, then takes over the events of tabs that are gone (released
       * or stale). Says whether it took any, and whether a page was left with events it kept
       * (then it had reason to think the server failing).
       */
      _adoptOrphans() {
        const result = { _tookAny: false, _keptByLeftPage: false };
        if (pending.length) save();
        for (const otherKey of storage("keys") || []) {
          if (!otherKey.startsWith(QUEUE_KEY_PREFIX) || otherKey === key) continue;
          const record = parseQueue(storage("getItem", otherKey));
          if (!isOrphaned(record)) continue;
          log("took over", otherKey);
          result._tookAny = true;
          if (hasKeptEvents(record)) result._keptByLeftPage = true;
          const leftAt = Number(record.h);
          if (isReleased(record) && canCheckHeld(leftAt, now())) {
            held = deliveredAtExit(record).filter((event) => !hasAlready(event)).concat(held);
            heldSince = leftAt;
          }
          const taken = keptEvents(record).filter((event) => !hasAlready(event));
          for (const event of taken) adopted.add(event);
          pending = taken.concat(pending);
          save();
          storage("removeItem", otherKey);
        }
        return result;
      }
    };
  }

  // src/transport.ts
  var REQUEST_TIMEOUT_MS = 1e4;
  var fetchTransport = (url, body, keepalive) => fetch(url, {
    method: "POST",
    body,
    keepalive,
    // No cookies go with analytics: the server needs none, and the visitor's stay private.
    credentials: "omit",
    // Nor the page's address in a Referer header (a same-origin request would carry it whole,
    // query and all: the `?token=` that `data-query` keeps out of the events): its origin only.
    referrerPolicy: "strict-origin",
    headers: { "Content-Type": "application/json" },
    // Browsers from before AbortSignal.timeout (2022) simply wait for their own time-out.
    signal: AbortSignal.timeout?.(REQUEST_TIMEOUT_MS)
  }).then(
    async (response) => ({
      status: response.status,
      body: await response.json().catch(() => {
      }),
      retryAfter: response.headers.get("Retry-After")
    }),
    () => ({ status: 0 })
  );

  // src/lyt.ts
  var PAGE_VIEW = "Page View";
  var DEFAULT_CONFIG = {
    endpoint: "/api/analytics",
    autoPageview: true,
    spaMode: true,
    hashRouting: false,
    flushInterval: 1e3,
    debug: false,
    respectDnt: true,
    exclude: "",
    query: "",
    maxQueue: 1e3,
    maxAge: 7 * 24 * 3600 * 1e3
  };
  function createLyt(settings, environment = {}) {
    const {
      window: win = window,
      now = Date.now,
      random = Math.random,
      transport = fetchTransport,
      startUp = setTimeout
    } = environment;
    const { location, document: document2 } = win;
    const config = { ...DEFAULT_CONFIG };
    const hooks = false ? createHooks() : void 0;
    const features = false ? [].concat(settings?.features || []) : [];
    if (false) for (const feature of features) Object.assign(config, feature.defaults);
    let isExcluded;
    let isSentParameter;
    let optedOutInMemory = false;
    const log = (...message) => config.debug && console.log("[Lyt]", ...message);
    const warn = (...message) => config.debug && console.warn("[Lyt]", ...message);
    const guard = (call2) => (...args) => {
      try {
        return call2(...args);
      } catch (error) {
        warn(error);
      }
    };
    const on = (target, type, listener) => target.addEventListener(type, guard(listener));
    const configure = (changes) => {
      for (const name in false ? config : DEFAULT_CONFIG) {
        let value = changes?.[name];
        const type = typeof config[name];
        if ((name === "exclude" || name === "query" || false) && value) value = String(value);
        if (typeof value === "string" && type !== "string") {
          const name2 = value;
          value = type === "number" ? +value : false ? (...args) => win[name2](...args) : value !== "false";
        }
        if (typeof value === type) config[name] = value;
        else if (value !== void 0) warn("bad setting", name);
      }
      isExcluded = nameMatcher(config.exclude);
      isSentParameter = nameMatcher("utm_*," + config.query);
      if (false) for (const hook of hooks.configure) hook();
    };
    configure(settings);
    const isPrerendering = () => document2.prerendering === true;
    const isPaused = () => isPrerendering() || false;
    const storage = safeStorage(
      () => "storage" in environment ? environment.storage : win.localStorage,
      // Said each time (with debug): storage can fail now and work again later (a full quota).
      (error) => warn("storage failed, using memory:", error)
    );
    const optedOut = () => optedOutInMemory || storage("getItem", OPT_OUT_KEY) === "true";
    const currentPath = () => trackedPath(location, config.hashRouting);
    let lastPageviewPath = currentPath();
    const session = {
      screen_width: win.screen.width,
      screen_height: win.screen.height,
      path: lastPageviewPath
    };
    new URLSearchParams(location.search).forEach((value, name) => {
      if (value && /^utm_(source|medium|campaign|term|content)$/.test(name)) session[name] = value;
    });
    let pageLeft = false;
    const isLeft = () => pageLeft;
    const queue = createTabQueue({ config, storage, now, isLeft, isPaused, hooks, log, warn });
    const delivery = createDelivery({
      config,
      queue,
      transport,
      session,
      storage,
      win,
      now,
      random,
      isLeft,
      isPaused,
      hooks,
      log
    });
    const discardIfOptedOut = () => {
      if (optedOut()) {
        queue._finish(queue._events(), { ok: false, ignored: true, reason: "opt_out" });
        return "opt_out";
      }
    };
    const stoppedByFeature = (event, record) => {
      for (const hook of hooks.queue) {
        const answer = hook(event);
        if (answer) {
          record(answer);
          return true;
        }
      }
      return false;
    };
    const track = (inputs, callback, name, batch) => {
      const details = {};
      const checked = inputs.map((options, index) => checkEvent(name, options, details, batch ? "events[" + index + "]." : ""));
      if (!inputs.length) details.events = ["is required"];
      if (hasProblems(details)) {
        warn("invalid event:", JSON.stringify(details));
        return answerLater(callback, { ok: false, error: "validation_error", details });
      }
      const reason = discardIfOptedOut() || ignoreReason(win, config.respectDnt);
      const page = currentPath();
      const timestamp = new Date(now()).toISOString();
      const query = keptQuery(location.search, isSentParameter);
      if (!reason) for (const event of checked) event.path ?? (event.path = page);
      let events = checked.filter((event) => !reason && !isExcluded(event.path)).map((event) => ({
        ...event,
        hostname: location.hostname,
        query,
        timestamp,
        // Unique enough that two events never share one; it identifies no visitor.
        id: now().toString(36) + Math.random().toString(36).slice(2, 12)
      }));
      if (!events.length) {
        log("not tracked:", reason || "excluded", checked);
        return answerLater(callback, { ok: false, ignored: true, reason: reason || "excluded" });
      }
      const record = outcomes(events.length, callback, batch);
      if (false) {
        events = events.filter((event) => !stoppedByFeature(event, record));
        for (const event of events) if (event.name === PAGE_VIEW) for (const hook of hooks.pageview) hook(event);
      }
      if (!events.length) return;
      queue._add(events, typeof callback === "function" ? record : void 0);
      log("queued", events);
      if (pageLeft) delivery._sendAll();
      else delivery._scheduleNext();
    };
    const call = (name, options, callback) => track([options], typeof options === "function" ? options : callback, name);
    const pageview = (options, callback) => {
      lastPageviewPath = currentPath();
      call(PAGE_VIEW, options, callback);
    };
    const lyt = guard(call);
    const methods = {
      batch: (events, callback) => {
        let list = [];
        try {
          if (Array.isArray(events)) list = [...events];
        } catch {
        }
        track(list, callback, void 0, true);
      },
      pageview,
      flush: (callback) => {
        queue._awaitAll(callback);
        delivery._sendNext();
      },
      queueLength: () => queue._events().length,
      configure,
      optOut: () => {
        optedOutInMemory = storage("setItem", OPT_OUT_KEY, "true") === false;
        discardIfOptedOut();
      },
      optIn: () => {
        optedOutInMemory = false;
        storage("removeItem", OPT_OUT_KEY);
      }
    };
    for (const name in methods) lyt[name] = guard(methods[name]);
    lyt.version = "0.1.0";
    on(win, "online", delivery._sendSoon);
    let pageviewMade = false;
    const autoPageview = () => {
      if (isPrerendering()) return;
      if (config.autoPageview && !pageviewMade) pageview();
      pageviewMade = true;
    };
    const beforeLeaving = () => {
      autoPageview();
      if (false) for (const hook of hooks.leave) hook();
    };
    on(document2, "visibilitychange", () => {
      if (document2.visibilityState === "hidden") {
        beforeLeaving();
        delivery._sendAll();
      }
    });
    on(win, "pagehide", () => {
      beforeLeaving();
      pageLeft = true;
      delivery._sendAll();
      queue._save();
    });
    on(win, "pageshow", (event) => {
      if (event.persisted) {
        queue._letGoIfTaken();
        pageLeft = false;
        delivery._resume();
        queue._save();
        delivery._sendSoon();
        if (config.autoPageview) pageview();
      }
    });
    watchNavigation(
      win,
      guard(() => config.spaMode && currentPath() !== lastPageviewPath && pageview())
    );
    const adoptOrphans = () => {
      if (pageLeft || isPaused() || discardIfOptedOut()) return;
      const found = queue._adoptOrphans();
      if (found._keptByLeftPage) delivery._suspectFailure();
      if (found._tookAny) delivery._sendSoon();
    };
    if (false) {
      const context = {
        window: win,
        now,
        guard,
        config,
        log,
        warn,
        storage,
        session,
        // A gate opened: what waited is written and sent, with what other tabs left.
        resume: () => {
          adoptOrphans();
          delivery._sendSoon();
        },
        discard: (result) => queue._finish(queue._events(), result)
      };
      for (const feature of features) feature.install(lyt, hooks, context);
    }
    const start = () => {
      on(win, "storage", (event) => {
        if (event.key === queue._key) queue._handOver(event.oldValue);
        discardIfOptedOut();
      });
      adoptOrphans();
      setInterval(guard(adoptOrphans), HEARTBEAT_MS);
      autoPageview();
    };
    startUp(
      guard(() => {
        if (!isPrerendering()) return start();
        on(document2, "prerenderingchange", () => {
          queue._save();
          delivery._sendSoon();
          start();
        });
      })
    );
    return lyt;
  }

  // src/script.ts
  var ATTRIBUTES = {
    endpoint: "api",
    autoPageview: "auto",
    spaMode: "spa",
    hashRouting: "hash",
    flushInterval: "interval",
    respectDnt: "dnt"
  };
  var w = window;
  if (!w.lyt?.version) {
    try {
      const data = document.currentScript?.dataset || {};
      const settings = false ? { features: ALL_FEATURES } : {};
      let defaults = DEFAULT_CONFIG;
      if (false) {
        defaults = Object.assign({}, defaults, ...ALL_FEATURES.map((feature) => feature.defaults));
        Object.assign(ATTRIBUTES, ...ALL_FEATURES.map((feature) => feature.attributes));
      }
      for (const name in defaults) settings[name] = data[ATTRIBUTES[name] || name];
      const stubbed = w.lyt?.q || [];
      w.lyt = createLyt(settings);
      for (const args of stubbed) w.lyt(...args);
    } catch {
    }
  }
})();
