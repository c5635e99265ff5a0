// src/callbacks.ts
var answerLater = (callback, result) => {
  if (typeof callback == "function") queueMicrotask(() => callback(result));
};
function createCallbacks() {
  const ticketsById = /* @__PURE__ */ new Map();
  return {
    /** Remembers `callback` for the events `ids` of one call (`batch`: answers with `queued`). */
    _expect(ids, callback, batch) {
      if (typeof callback != "function") return;
      const ticket = { _callback: callback, _waiting: ids.length, _delivered: 0, _batch: batch };
      for (const id of ids) ticketsById.set(id, ticket);
    },
    /** Records one outcome for each of the events `ids`; answers calls whose events all have one. */
    _settle(ids, result) {
      for (const id of ids) {
        const ticket = ticketsById.get(id);
        if (!ticket) continue;
        ticketsById.delete(id);
        if (result.ok) ticket._delivered++;
        else ticket._failure = ticket._failure || result;
        if (!--ticket._waiting) {
          answerLater(
            ticket._callback,
            ticket._failure ? ticket._batch ? { ...ticket._failure, queued: ticket._delivered } : ticket._failure : ticket._batch ? { ok: true, queued: ticket._delivered } : { ok: true }
          );
        }
      }
    }
  };
}

// src/validate.ts
var MAX_NAME_LENGTH = 255;
var MAX_PATH_LENGTH = 2048;
var MAX_METADATA_BYTES = 10240;
var characters = (text) => text.length <= MAX_NAME_LENGTH ? text.length : [...text].length;
var encoder;
var utf8Bytes = (text) => (encoder = encoder || new TextEncoder()).encode(text).length;
var tooLong = (limit, unit) => `should be at most ${limit} ${unit}(s)`;
function checkEvent(name, options, details, prefix = "") {
  const problem = (field, message) => {
    details[prefix + field] = [message];
  };
  let path;
  let metadata;
  let metadataJson;
  try {
    if (options && typeof options == "object") {
      if (prefix) name = options.name;
      path = options.path;
      metadata = options.metadata;
    }
  } catch {
    problem("options", "is invalid");
  }
  if (typeof name != "string") problem("name", name == null ? "is required" : "must be a string");
  else if (!name.trim()) problem("name", "can't be blank");
  else if (characters(name) > MAX_NAME_LENGTH) problem("name", tooLong(MAX_NAME_LENGTH, "character"));
  if (path != null) {
    if (typeof path != "string") problem("path", "must be a string");
    else if (characters(path) > MAX_PATH_LENGTH) problem("path", tooLong(MAX_PATH_LENGTH, "character"));
  }
  if (metadata != null) {
    try {
      metadataJson = typeof metadata == "object" && !Array.isArray(metadata) ? JSON.stringify(metadata) || "" : "";
    } catch {
      problem("metadata", "is invalid");
    }
    if (metadataJson != null) {
      if (metadataJson[0] != "{") problem("metadata", "must be an object");
      else if (metadataJson.length > MAX_METADATA_BYTES / 3 && utf8Bytes(metadataJson) > MAX_METADATA_BYTES) {
        problem("metadata", tooLong(MAX_METADATA_BYTES, "byte"));
      }
    }
  }
  for (const _ in details) return;
  return { name, path: path ?? void 0, metadata: metadataJson };
}

// src/queue.ts
var entryOf = (event, json = JSON.stringify(event), time = Date.parse(event.timestamp)) => ({
  _id: event.id,
  _time: time,
  _json: json
});
var serializeQueue = (heartbeat, entries) => '{"h":' + heartbeat + ',"e":[' + entries.map((entry) => entry._json).join() + "]}";
function parseQueue(text) {
  try {
    const stored = JSON.parse(text);
    return {
      _heartbeat: +stored.h || 0,
      _entries: stored.e.filter((event) => event && typeof event.id == "string").map((event) => entryOf(event))
    };
  } catch {
    return { _heartbeat: 0, _entries: [] };
  }
}
function boundQueue(entries, maxEvents, maxAge, now) {
  const expired = [];
  const fresh = entries.filter((entry) => !(now - entry._time > maxAge) || !expired.push(entry));
  const overflow = fresh.splice(0, Math.max(0, fresh.length - maxEvents));
  return { _kept: fresh, _expired: expired, _overflow: overflow };
}
function takeBatch(entries, inFlight, maxEvents, maxBytes) {
  const batch = [];
  let bytes = 0;
  for (const entry of entries) {
    if (inFlight.has(entry)) continue;
    bytes += utf8Bytes(entry._json) + 1;
    if (batch.length >= maxEvents || batch.length && bytes > maxBytes) break;
    batch.push(entry);
  }
  return batch;
}

// src/response.ts
var DELIVERED = 0;
var RETRY = 1;
var DROP_NAMED = 2;
var SPLIT = 3;
var EVENT_KEY = /^events\[(\d+)\]\.(.+)$/;
function judge(reply, batchSize) {
  const { status } = reply;
  if (status >= 200 && status < 300) return { _verdict: DELIVERED };
  if (!status || status == 408 || status == 429 || status >= 500) return { _verdict: RETRY };
  const refused = status == 400 ? namedEvents(reply.body, batchSize) : void 0;
  return refused ? { _verdict: DROP_NAMED, _refused: refused } : { _verdict: SPLIT };
}
function namedEvents(body, batchSize) {
  const refused = /* @__PURE__ */ new Map();
  const details = body && body.details;
  if (details && typeof details == "object") {
    for (const key in details) {
      const match = EVENT_KEY.exec(key);
      const index = match ? +match[1] : batchSize;
      if (index < batchSize) {
        const own = refused.get(index) || {};
        own[match[2]] = [].concat(details[key]);
        refused.set(index, own);
      }
    }
  }
  return refused.size ? refused : void 0;
}
var FIRST_RETRY_MS = 1e3;
var MAX_RETRY_MS = 3e5;
function retryDelay(attempt, random, retryAfter, now = Date.now()) {
  const asked = retryAfter ? /^\d+$/.test(retryAfter) ? +retryAfter * 1e3 : Date.parse(retryAfter) - now : NaN;
  return asked >= 0 ? Math.min(asked, MAX_RETRY_MS) : random() * Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.min(attempt, 30));
}

// src/delivery.ts
var MAX_BATCH_EVENTS = 100;
var KEEPALIVE_BUDGET_BYTES = 63e3;
var MAX_BATCH_EVENT_BYTES = 48e3;
function createDelivery(options) {
  const { queue, transport, settle, log, warn } = options;
  const inFlight = /* @__PURE__ */ new Set();
  let keepaliveBytes = 0;
  let retries = 0;
  let batchLimit = MAX_BATCH_EVENTS;
  let timer;
  let waiters = [];
  let lastSendAt = -Infinity;
  let lastWaitingAtSend;
  let left = false;
  const idsOf = (entries) => entries.map((entry) => entry._id);
  const finish = (entries, result) => {
    const done = new Set(entries);
    queue._entries = queue._entries.filter((entry) => !done.has(entry));
    queue._saveSoon();
    settle(idsOf(entries), result);
  };
  const answerWaiters = (result) => {
    for (const waiter of waiters) waiter._callback({ ...result, queued: waiter._delivered });
    waiters = [];
  };
  const wait = (delay) => {
    clearTimeout(timer);
    timer = setTimeout(() => send(), delay);
  };
  const scheduleNext = () => {
    if (inFlight.size) return;
    if (!queue._entries.length) {
      batchLimit = MAX_BATCH_EVENTS;
      answerWaiters({ ok: true });
    } else if (!timer) {
      const overdue = waiters.length || queue._entries.includes(lastWaitingAtSend);
      wait(overdue ? 0 : lastSendAt + options.interval() - options.now());
    }
  };
  const onReply = (batch, reply, bytes, keepalive) => {
    batch.forEach((entry) => inFlight.delete(entry));
    if (keepalive) keepaliveBytes -= bytes;
    const { _verdict, _refused } = judge(reply, batch.length);
    const status = reply.status;
    if (left && _verdict != DELIVERED) return;
    if (_verdict == DELIVERED) {
      retries = 0;
      log("delivered", batch.length, "events");
      for (const waiter of waiters) waiter._delivered += batch.length;
      finish(batch, { ok: true });
    } else if (_verdict == RETRY) {
      const delay = retryDelay(retries++, options.random, reply.retryAfter, options.now());
      log("no delivery (" + (status || "network error") + "), retry in", Math.round(delay), "ms");
      answerWaiters({ ok: false, error: status ? "http_" + status : "network_error" });
      return wait(delay);
    } else if (_verdict == DROP_NAMED) {
      _refused.forEach((details, index) => {
        warn("server refused event", JSON.parse(batch[index]._json).name + ":", JSON.stringify(details));
        finish([batch[index]], { ok: false, error: "validation_error", details });
      });
    } else if (batch.length > 1) {
      batchLimit = Math.ceil(batch.length / 2);
      log("server refused a batch (" + status + "): retrying in halves of", batchLimit);
    } else {
      warn("server refused event (" + status + "):", batch[0]._json);
      batchLimit = MAX_BATCH_EVENTS;
      finish(batch, { ok: false, error: "rejected", status });
    }
    clearTimeout(timer);
    timer = void 0;
    _verdict == DELIVERED ? scheduleNext() : send();
  };
  function send(leaving) {
    timer = void 0;
    if (left || inFlight.size && !leaving) return;
    lastSendAt = options.now();
    lastWaitingAtSend = queue._entries[queue._entries.length - 1];
    do {
      const batch = takeBatch(queue._entries, inFlight, batchLimit, MAX_BATCH_EVENT_BYTES);
      if (!batch.length) break;
      const body = '{"events":[' + batch.map((entry) => entry._json).join() + "]" + options.sessionFields + "}";
      const bytes = utf8Bytes(body);
      const keepalive = keepaliveBytes + bytes <= KEEPALIVE_BUDGET_BYTES;
      if (leaving && !keepalive) break;
      if (keepalive) keepaliveBytes += bytes;
      batch.forEach((entry) => inFlight.add(entry));
      log("sending", batch.length, "events");
      transport(options.url(), body, keepalive).then((reply) => onReply(batch, reply, bytes, keepalive));
    } while (leaving);
    scheduleNext();
  }
  return {
    /** New events are queued: make sure a request will follow. */
    _queued: scheduleNext,
    /** Send now (flush(), `online`, events taken over from another tab). */
    _sendNow() {
      clearTimeout(timer);
      send();
    },
    /** The page is hidden: everything waiting goes out now. */
    _sendAll: () => send(true),
    /** The page is left (pagehide): everything waiting goes out now, and then nothing more. */
    _leave() {
      send(true);
      left = true;
    },
    /** Back from the back/forward cache: sending resumes. */
    _resume() {
      left = false;
      clearTimeout(timer);
      send();
    },
    /** `lyt.flush()`: sends everything now and answers when it is delivered or fails. */
    _flush(callback) {
      waiters.push({ _callback: callback, _delivered: 0 });
      clearTimeout(timer);
      send();
    }
  };
}

// src/navigation.ts
function watchNavigation(win, onNavigate) {
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
}

// src/paths.ts
var trackedPath = (location, hashRouting) => (location.pathname + (hashRouting ? location.hash : "")).slice(0, MAX_PATH_LENGTH);
function excludeMatcher(patterns) {
  const list = (typeof patterns == "string" ? patterns.split(",") : patterns || []).map((pattern) => String(pattern).trim()).filter(Boolean);
  if (!list.length) return () => false;
  const whole = new RegExp(
    "^(?:" + list.map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")).join("|") + ")$",
    "s"
  );
  return (path) => whole.test(path);
}

// src/privacy.ts
var OPT_OUT_KEY = "lyt_ignore";
function ignoreReason(win, respectDnt, optedOut) {
  const navigator = win.navigator;
  if (win.location.protocol == "file:") return "file";
  if (navigator.webdriver || win._phantom || win.__nightmare || win.Cypress) return "automation";
  if (optedOut) return "opt_out";
  if (respectDnt && (navigator.doNotTrack == "1" || navigator.globalPrivacyControl === true)) return "dnt";
}

// src/storage.ts
function safeStorage(open, onFailure) {
  const attempt = (use, otherwise) => {
    try {
      return use(open());
    } catch (error) {
      onFailure(error);
      return otherwise;
    }
  };
  return {
    get: (key) => attempt((storage) => storage.getItem(key), null),
    set: (key, value) => attempt((storage) => (storage.setItem(key, value), true), false),
    remove: (key) => attempt((storage) => storage.removeItem(key), void 0),
    keys: (prefix) => attempt((storage) => {
      const found = [];
      for (let i = storage.length; i--; ) {
        const key = storage.key(i);
        if (key && key.startsWith(prefix)) found.push(key);
      }
      return found;
    }, [])
  };
}

// src/tabs.ts
var QUEUE_KEY_PREFIX = "lyt_q_";
var HEARTBEAT_MS = 5e3;
var STALE_AFTER_MS = 15e3;
function createSharedQueue(storage, now, tabId, limits, onGone) {
  const ownKey = QUEUE_KEY_PREFIX + tabId;
  let stored = null;
  let saveScheduled = false;
  let released = false;
  const handOver = (record) => {
    const taken = new Set(parseQueue(record)._entries.map((entry) => entry._id));
    const gone = queue._entries.filter((entry) => taken.has(entry._id));
    if (gone.length) {
      queue._entries = queue._entries.filter((entry) => !taken.has(entry._id));
      onGone(gone, "taken_over");
    }
    stored = null;
  };
  const queue = {
    /** This tab's events not yet acknowledged, oldest first. */
    _entries: [],
    /**
     * Writes the queue now, after applying its bounds. `release` marks it as free for the
     * next page load or another tab to take, until the page comes back (`_resume`).
     * Storage that fails keeps the events in memory.
     */
    _save(release) {
      saveScheduled = false;
      released = released || !!release;
      const { _kept, _expired, _overflow } = boundQueue(queue._entries, limits.maxQueue, limits.maxAge, now());
      queue._entries = _kept;
      if (_expired.length) onGone(_expired, "expired");
      if (_overflow.length) onGone(_overflow, "queue_full");
      const record = _kept.length ? serializeQueue(released ? 0 : now(), _kept) : null;
      if (!record) storage.remove(ownKey);
      else if (!storage.set(ownKey, record)) return;
      stored = record;
    },
    /** One write per task, however many calls the task makes: before the task ends. */
    _saveSoon() {
      if (!saveScheduled) {
        saveScheduled = true;
        queueMicrotask(() => saveScheduled && queue._save());
      }
    },
    /**
     * Takes over the events of tabs that are gone (released or stale), oldest tab first
     * in storage order, and returns how many were taken.
     */
    _adopt() {
      const adopted = [];
      const taken = [];
      for (const key of storage.keys(QUEUE_KEY_PREFIX)) {
        const record = key != ownKey && storage.get(key);
        if (!record) continue;
        const { _heartbeat, _entries } = parseQueue(record);
        if (_heartbeat && now() - _heartbeat < STALE_AFTER_MS) continue;
        adopted.push(..._entries);
        taken.push([key, record]);
      }
      if (taken.length) {
        const known = new Set(queue._entries.map((entry) => entry._id));
        queue._entries = adopted.filter((entry) => !known.has(entry._id)).concat(queue._entries);
        queue._save();
        for (const [key, record] of taken) if (storage.get(key) == record) storage.remove(key);
      }
      return adopted.length;
    },
    /** The `storage` event: another tab removed this tab's record, so it took it over. */
    _onStorage(event) {
      if (event.key == ownKey && event.newValue == null) handOver(event.oldValue);
    },
    /**
     * Back from the back/forward cache: the record was released when the page was hidden,
     * and may have been taken over meanwhile (no `storage` event reaches a cached page).
     */
    _resume() {
      released = false;
      if (stored && storage.get(ownKey) == null) handOver(stored);
      queue._save();
    },
    /** Forgets every event (opt-out). */
    _clear() {
      queue._entries = [];
      queue._save();
    }
  };
  return queue;
}

// src/transport.ts
var REQUEST_TIMEOUT_MS = 1e4;
var fetchTransport = () => (url, body, keepalive) => {
  const controller = typeof AbortController == "function" ? new AbortController() : void 0;
  const timer = setTimeout(() => controller && controller.abort(), REQUEST_TIMEOUT_MS);
  const noAnswer = { status: 0 };
  try {
    return fetch(url, {
      method: "POST",
      body,
      keepalive,
      // No cookies go with analytics: the server needs none, and the visitor's stay private.
      credentials: "omit",
      headers: { "Content-Type": "application/json" },
      signal: controller && controller.signal
    }).then(
      (response) => response.json().then(
        (json) => json,
        () => null
      ).then((json) => ({
        status: response.status,
        body: json,
        retryAfter: response.headers.get("Retry-After")
      })),
      () => noAnswer
    ).finally(() => clearTimeout(timer));
  } catch {
    clearTimeout(timer);
    return Promise.resolve(noAnswer);
  }
};

// src/lyt.ts
var DEFAULT_CONFIG = {
  endpoint: "/api/analytics",
  autoPageview: true,
  spaMode: true,
  hashRouting: false,
  flushInterval: 1e3,
  debug: false,
  respectDnt: true,
  exclude: [],
  maxQueue: 1e3,
  maxAge: 7 * 24 * 3600 * 1e3
};
var PAGE_VIEW = "Page View";
var UTM_FIELDS = ["source", "medium", "campaign", "term", "content"];
function createLyt(settings = {}, environment = {}) {
  const win = environment.window || window;
  const { location, document } = win;
  const now = environment.now || Date.now;
  const config = { ...DEFAULT_CONFIG };
  let isExcluded = excludeMatcher(void 0);
  let optedOutInMemory = false;
  let storageFailed = false;
  const log = (...message) => config.debug && console.log("[Lyt]", ...message);
  const warn = (...message) => config.debug && console.warn("[Lyt]", ...message);
  const guard = (call) => function() {
    try {
      return call.apply(this, arguments);
    } catch (error) {
      warn("internal error:", error);
    }
  };
  const configure = (changes) => {
    if (changes && typeof changes == "object") {
      for (const name in DEFAULT_CONFIG) {
        const value = changes[name];
        if (value === void 0) continue;
        if (typeof value == typeof DEFAULT_CONFIG[name] || name == "exclude" && typeof value == "string") {
          ;
          config[name] = value;
        } else warn("setting " + name + " ignored: wrong type");
      }
      isExcluded = excludeMatcher(config.exclude);
    }
  };
  configure(settings);
  const storage = safeStorage(
    () => "storage" in environment ? environment.storage : win.localStorage,
    (error) => {
      if (!storageFailed) warn("storage unavailable, keeping events in memory:", error);
      storageFailed = true;
    }
  );
  const optedOut = () => optedOutInMemory || storage.get(OPT_OUT_KEY) == "true";
  const newId = () => now().toString(36) + Math.random().toString(36).slice(2, 12);
  const callbacks = createCallbacks();
  const queue = createSharedQueue(storage, now, newId(), config, (entries, error) => {
    warn("gave up", entries.length, "events:", error);
    callbacks._settle(entries.map((entry) => entry._id), { ok: false, error });
  });
  const landingPath = trackedPath(location, config.hashRouting);
  const landingQuery = new URLSearchParams(location.search);
  const session = { screen_width: win.screen.width, screen_height: win.screen.height };
  for (const field of UTM_FIELDS) {
    const value = landingQuery.get("utm_" + field);
    if (value) session["utm_" + field] = value;
  }
  session.path = landingPath;
  const delivery = createDelivery({
    queue,
    transport: environment.transport || fetchTransport(),
    url: () => config.endpoint.replace(/\/+$/, "") + "/events",
    sessionFields: "," + JSON.stringify(session).slice(1, -1),
    interval: () => config.flushInterval,
    now,
    random: environment.random || Math.random,
    settle: callbacks._settle,
    log,
    warn
  });
  const discardIfOptedOut = () => {
    const reason = optedOut() && "opt_out";
    if (reason && queue._entries.length) {
      callbacks._settle(queue._entries.map((entry) => entry._id), { ok: false, ignored: true, reason });
      queue._clear();
    }
    return reason;
  };
  const track = (inputs, callback, batch) => {
    const details = {};
    const checked = inputs.map(
      ([name, options], index) => checkEvent(name, options, details, batch ? "events[" + index + "]." : "")
    );
    if (!inputs.length) details.events = ["is required"];
    for (const _ in details) {
      warn("invalid event:", JSON.stringify(details));
      return answerLater(callback, { ok: false, error: "validation_error", details });
    }
    const reason = discardIfOptedOut() || ignoreReason(win, config.respectDnt, false);
    const page = trackedPath(location, config.hashRouting);
    const time = now();
    const timestamp = new Date(time).toISOString();
    const entries = [];
    for (const { name, path = page, metadata } of checked) {
      if (reason || isExcluded(path)) continue;
      const event = {
        name,
        path,
        hostname: location.hostname,
        query: location.search.slice(1) || void 0,
        timestamp,
        id: newId()
      };
      const json = JSON.stringify(event);
      entries.push(entryOf(event, metadata ? json.slice(0, -1) + ',"metadata":' + metadata + "}" : json, time));
    }
    const names = checked.map((event) => event.name);
    if (!entries.length) {
      log("not tracked (" + (reason || "excluded") + "):", ...names);
      return answerLater(callback, { ok: false, ignored: true, reason: reason || "excluded" });
    }
    callbacks._expect(entries.map((entry) => entry._id), callback, batch);
    queue._entries.push(...entries);
    queue._saveSoon();
    delivery._queued();
    log("queued", ...names);
  };
  let lastPageviewPath = landingPath;
  const pageview = (options, callback) => {
    if (typeof options == "function") callback = options;
    lastPageviewPath = trackedPath(location, config.hashRouting);
    track([[PAGE_VIEW, options]], callback, false);
  };
  const lyt = Object.assign(
    guard((name, options, callback) => {
      if (typeof options == "function") callback = options;
      track([[name, options]], callback, false);
    }),
    {
      batch: guard((events, callback) => {
        let list = [];
        try {
          if (Array.isArray(events)) list = Array.from(events);
        } catch {
        }
        track(list.map((event) => [void 0, event]), callback, true);
      }),
      pageview: guard(pageview),
      flush: guard((callback) => delivery._flush((result) => answerLater(callback, result))),
      queueLength: guard(() => queue._entries.length),
      configure: guard(configure),
      optOut: guard(() => {
        optedOutInMemory = !storage.set(OPT_OUT_KEY, "true");
        discardIfOptedOut();
        log("opted out");
      }),
      optIn: guard(() => {
        optedOutInMemory = false;
        storage.remove(OPT_OUT_KEY);
        log("opted in");
      }),
      version: "0.1.0"
    }
  );
  const adoptOrphans = () => {
    const adopted = !discardIfOptedOut() && queue._adopt();
    if (adopted) {
      log("took over", adopted, "events left by another page");
      delivery._sendNow();
    }
  };
  adoptOrphans();
  setInterval(
    guard(() => {
      adoptOrphans();
      if (queue._entries.length) queue._save();
    }),
    HEARTBEAT_MS
  );
  document.addEventListener(
    "visibilitychange",
    guard(() => document.visibilityState == "hidden" && delivery._sendAll())
  );
  win.addEventListener(
    "pagehide",
    guard(() => {
      delivery._leave();
      queue._save(true);
    })
  );
  win.addEventListener(
    "pageshow",
    guard((event) => {
      if (event.persisted) {
        queue._resume();
        delivery._resume();
      }
    })
  );
  win.addEventListener("online", guard(() => delivery._sendNow()));
  win.addEventListener(
    "storage",
    guard((event) => {
      queue._onStorage(event);
      discardIfOptedOut();
    })
  );
  watchNavigation(
    win,
    guard(() => {
      if (config.spaMode && trackedPath(location, config.hashRouting) != lastPageviewPath) pageview();
    })
  );
  if (config.autoPageview) pageview();
  return lyt;
}

// src/index.ts
function createLyt2(settings, environment) {
  if (typeof window != "undefined" || environment && environment.window) return createLyt(settings, environment);
  const ignored = (...args) => {
    answerLater(args.find((arg) => typeof arg == "function"), { ok: false, ignored: true, reason: "no_browser" });
  };
  return Object.assign(ignored, {
    batch: ignored,
    pageview: ignored,
    flush: ignored,
    queueLength: () => 0,
    configure: () => {
    },
    optOut: () => {
    },
    optIn: () => {
    },
    version: "0.1.0"
  });
}
export {
  DEFAULT_CONFIG,
  createLyt2 as createLyt
};
