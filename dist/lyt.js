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
      if (options && typeof options == "object") {
        if (prefix) name = options.name;
        path = options.path;
        metadata = options.metadata;
      }
      key = prefix + "metadata";
      if (metadata != null) {
        json = JSON.stringify(metadata);
        if (json?.[0] != "{") details[key] = ["must be an object"];
        else if (json.length * 3 > MAX_METADATA_BYTES && new Blob([json]).size > MAX_METADATA_BYTES) {
          details[key] = [`should be at most ${MAX_METADATA_BYTES} byte(s)`];
        }
      }
    } catch {
      details[key] = ["is invalid"];
    }
    key = prefix + "name";
    if (name == null) details[key] = ["is required"];
    else if (typeof name != "string") details[key] = ["must be a string"];
    else if (!name.trim()) details[key] = ["can't be blank"];
    else if ([...name].length > MAX_NAME_LENGTH) details[key] = [`should be at most ${MAX_NAME_LENGTH} character(s)`];
    key = prefix + "path";
    if (path != null) {
      if (typeof path != "string") details[key] = ["must be a string"];
      else if ([...path].length > MAX_PATH_LENGTH) details[key] = [`should be at most ${MAX_PATH_LENGTH} character(s)`];
    }
    return { name, path, metadata: json && JSON.parse(json) };
  }

  // src/paths.ts
  var trackedPath = (location, hashRouting) => (location.pathname + (hashRouting ? location.hash : "")).slice(0, MAX_PATH_LENGTH);
  function nameMatcher(patterns) {
    const list = patterns.split(",").filter((pattern) => pattern.trim()).map((pattern) => RegExp("^" + pattern.trim().replace(/\W/g, "\\$&").replace(/\\\*/g, ".*") + "$", "s"));
    return (path) => list.some((pattern) => pattern.test(path));
  }
  var keptQuery = (search, isSent) => search.slice(1).split("&").filter((pair) => isSent(pair.split("=")[0])).join("&") || void 0;

  // src/callbacks.ts
  var answerLater = (callback, result) => {
    if (typeof callback == "function") queueMicrotask(() => callback(result));
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
  var hasId = (event) => typeof event?.id == "string";
  var parseQueue = (text) => {
    try {
      const record = JSON.parse(text);
      record.e = record.e.filter(hasId);
      return record;
    } catch {
      return { e: [] };
    }
  };
  var MAX_BODY_CHARS = 2e4;
  var nextBatch = (waiting, maxEvents, session) => {
    let batch, body;
    do {
      batch = waiting.slice(0, maxEvents);
      body = JSON.stringify({ events: batch, ...session });
    } while (body.length > MAX_BODY_CHARS && (maxEvents = batch.length >> 1));
    return [batch, body];
  };

  // src/response.ts
  var isRetryable = (status) => !status || status == 408 || status == 429 || status > 499;
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

  // src/delivery.ts
  var MAX_BATCH_EVENTS = 100;
  var KEEPALIVE_BUDGET_BYTES = 63e3;
  var TRUSTED_IN_FLIGHT_MS = 3e3;
  var HOLD_MS = 1e4;
  function createDelivery(core, config, hooks, log, win, now, random, transport, session) {
    const inFlight = /* @__PURE__ */ new Map();
    let keepaliveRoom = KEEPALIVE_BUDGET_BYTES;
    let batchLimit = MAX_BATCH_EVENTS;
    let timer;
    let lastSendAt = 0;
    const isOffline = () => win.navigator.onLine === false;
    core._held = [];
    core._heldSince = 0;
    core._retries = 0;
    core._takenAsDelivered = (event) => !core._retries && !isOffline() && now() - inFlight.get(event) < TRUSTED_IN_FLIGHT_MS;
    const sendIn = core._sendIn = (delay) => {
      clearTimeout(timer);
      timer = setTimeout(send, delay);
    };
    const scheduleNext = core._scheduleNext = () => {
      const { _pending: pending } = core;
      if (inFlight.size) return;
      if (!pending[0]) batchLimit = MAX_BATCH_EVENTS;
      else if (!timer) sendIn(Date.parse(pending[0].timestamp) < lastSendAt ? 0 : lastSendAt + config.flushInterval - now());
    };
    const onReply = (batch, { status, body, retryAfter }, bytes) => {
      if (false) for (const hook of hooks.reply) hook(batch, status);
      if (core._left && !status) return;
      for (const event of batch) inFlight.delete(event);
      keepaliveRoom += bytes;
      const failed = isRetryable(status);
      if (status || !isOffline()) {
        if (failed) core._pending = core._held.concat(core._pending);
        core._held = [];
      }
      if (status > 199 && status < 300) {
        core._retries = 0;
        core._finish(batch, { ok: true });
        timer = clearTimeout(timer);
        return scheduleNext();
      }
      const refused = namedEvents(status == 400 && body, batch);
      if (failed) {
        const delay = retryDelay(core._retries++, random, retryAfter, now());
        log(status, "retry in", delay | 0);
        return core._left ? core._save() : sendIn(delay);
      }
      if (refused.length) {
        refused.forEach((details, index) => core._finish([batch[index]], { ok: false, error: "validation_error", details }));
      } else if (batch[1]) {
        batchLimit = batch.length + 1 >> 1;
      } else {
        batchLimit = MAX_BATCH_EVENTS;
        core._finish(batch, { ok: false, error: "rejected", status });
      }
      send();
    };
    const send = core._send = (leaving) => {
      timer = clearTimeout(timer);
      if (isOffline() || false || (leaving ? core._retries : core._left || inFlight.size)) return;
      lastSendAt = now();
      if (lastSendAt - core._heldSince > HOLD_MS) core._held = [];
      do {
        const [batch, body] = nextBatch(
          core._pending.filter((event) => !inFlight.has(event)),
          batchLimit,
          session
        );
        const bytes = new Blob([body]).size;
        const keepalive = bytes <= keepaliveRoom;
        if (!(leaving ? batch[0] && keepalive : batch[0] || core._held[0])) break;
        if (keepalive) keepaliveRoom -= bytes;
        for (const event of batch) inFlight.set(event, keepalive ? lastSendAt : 0);
        if (false) for (const hook of hooks.send) hook(batch, bytes, keepalive);
        transport(config.endpoint.replace(/\/+$/, "") + "/events", body, keepalive).then(
          (reply) => onReply(batch, reply, keepalive ? bytes : 0)
        );
      } while (leaving);
      scheduleNext();
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
  function ignoreReason(win, respectDnt) {
    const navigator = win.navigator;
    if (win.location.protocol == "file:") return "file";
    if (navigator.webdriver || win._phantom || win.__nightmare || win.Cypress) return "automation";
    if (respectDnt && (navigator.doNotTrack == "1" || navigator.globalPrivacyControl === true)) return "dnt";
  }

  // src/storage.ts
  var safeStorage = (open, onFailure) => (method, key, value) => {
    try {
      return method == "keys" ? Object.keys(open()) : open()[method](key, value);
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
    const wait = (events, callback, all, counted, counting) => {
      const first = all ? 0 : lastNumber + 1;
      for (const event of events) if (!numbers.has(event)) numbers.set(event, ++lastNumber);
      const record = outcomes(events.length, callback, counted);
      if (events[0] && callback) waiters.push([first, lastNumber, record]);
    };
    const settle = (events, result) => {
      waiters = waiters.filter(([first, last, record]) => {
        let awaited = 1;
        for (const event of events) {
          const number = numbers.get(event);
          if (number >= first && number <= last) awaited = record(result);
        }
        return awaited > 0;
      });
    };
    return [wait, settle];
  }

  // src/tab-queue.ts
  var QUEUE_KEY_PREFIX = "lyt_q_";
  var HEARTBEAT_MS = 5e3;
  var STALE_AFTER_MS = 15e3;
  function createTabQueue(core, config, hooks, log, warn, storage, now) {
    const [wait, settle] = createWaiters();
    let saveScheduled = false;
    const ownKey = QUEUE_KEY_PREFIX + Math.random().toString(36).slice(2);
    let stored;
    core._pending = [];
    const finish = core._finish = (events, result) => {
      events = events.filter((event) => core._pending.includes(event));
      if (events[0]) {
        ;
        (result.ok ? log : warn)(JSON.stringify(result), events.length, events.map((event) => event.name));
        if (false) for (const hook of hooks.drop) hook(events, result);
        core._pending = core._pending.filter((event) => !events.includes(event));
        saveSoon();
        settle(events, result);
      }
    };
    const save = core._save = () => {
      const time = now();
      const { _left: left } = core;
      if (left) letGoIfTaken();
      finish(core._pending.filter((event) => Date.parse(event.timestamp) < time - config.maxAge), { ok: false, error: "expired" });
      finish(core._pending.slice(0, -config.maxQueue), { ok: false, error: "queue_full" });
      saveScheduled = false;
      const { _pending: pending } = core;
      const sent = left ? core._held.concat(pending.filter(core._takenAsDelivered)) : [];
      const events = sent.concat(pending.filter((event) => !sent.includes(event)));
      const record = events[0] && JSON.stringify({ h: time, a: config.endpoint, e: events, s: left ? sent.length : void 0 });
      if (false) return;
      if (storage(record ? "setItem" : "removeItem", ownKey, record) !== false) stored = record;
    };
    const saveSoon = () => {
      if (!saveScheduled) queueMicrotask(() => saveScheduled && save());
      saveScheduled = true;
    };
    const letGoIfTaken = () => storage("getItem", ownKey) == null && handOver(stored);
    const handOver = (record) => {
      const taken = parseQueue(record).e;
      finish(
        core._pending.filter((event) => taken.some((other) => other.id == event.id)),
        { ok: false, error: "taken_over" }
      );
    };
    const adopt = () => {
      if (core._left || core._discardIfOptedOut() || false) return;
      const { endpoint } = config;
      if (core._pending[0]) save();
      for (const key of storage("keys") || []) {
        const { h, a = endpoint, e, s } = parseQueue(key.startsWith(QUEUE_KEY_PREFIX) && key != ownKey && storage("getItem", key));
        const fresh = (event) => !core._pending.concat(core._held).some((other) => other.id == event.id);
        if (a == endpoint && e[0] && (s >= 0 || !(now() - h < STALE_AFTER_MS))) {
          log("took over", key);
          if (e[s]) core._retries || (core._retries = 1);
          core._pending = e.slice(s).filter(fresh).concat(core._pending);
          if (s && now() - h < HOLD_MS) {
            core._held = e.slice(0, s).filter(fresh).concat(core._held);
            core._heldSince = h;
          }
          save();
          storage("removeItem", key);
          core._sendIn(0);
        }
      }
    };
    const add = (events, callback, counted, counting) => {
      wait(events, callback, false, counted, counting);
      core._pending.push(...events);
      saveSoon();
    };
    const awaitAll = (callback) => wait(core._pending, callback, true, true);
    return [ownKey, save, letGoIfTaken, handOver, adopt, add, awaitAll];
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
    const { window: win = window, now = Date.now, transport = fetchTransport, startUp = setTimeout } = environment;
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
        if ((name == "exclude" || name == "query" || false) && value) value = String(value);
        if (typeof value == "string" && type != "string") {
          const name2 = value;
          value = type == "number" ? +value : false ? (...args) => win[name2](...args) : value != "false";
        }
        if (typeof value == type) config[name] = value;
        else if (value !== void 0) warn("bad setting", name);
      }
      isExcluded = nameMatcher(config.exclude);
      isSentParameter = nameMatcher("utm_*," + config.query);
      if (false) for (const hook of hooks.configure) hook();
    };
    configure(settings);
    const storage = safeStorage(
      () => "storage" in environment ? environment.storage : win.localStorage,
      // Said each time (with debug): storage can fail now and work again later (a full quota).
      (error) => warn("storage failed, using memory:", error)
    );
    const optedOut = () => optedOutInMemory || storage("getItem", OPT_OUT_KEY) == "true";
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
    const core = { _left: false };
    const [ownKey, save, letGoIfTaken, handOver, adopt, add, awaitAll] = createTabQueue(core, config, hooks, log, warn, storage, now);
    createDelivery(core, config, hooks, log, win, now, environment.random || Math.random, transport, session);
    const discardIfOptedOut = core._discardIfOptedOut = () => {
      if (optedOut()) {
        core._finish(core._pending, { ok: false, ignored: true, reason: "opt_out" });
        return "opt_out";
      }
    };
    const track = (inputs, callback, name, batch) => {
      const details = {};
      const checked = inputs.map(
        (options, index) => checkEvent(name, options, details, batch ? "events[" + index + "]." : "")
      );
      if (!inputs.length) details.events = ["is required"];
      for (const _ in details) {
        warn("invalid event:", JSON.stringify(details));
        return answerLater(callback, { ok: false, error: "validation_error", details });
      }
      const reason = discardIfOptedOut() || ignoreReason(win, config.respectDnt);
      const page = currentPath();
      const timestamp = new Date(now()).toISOString();
      const query = keptQuery(location.search, isSentParameter);
      let events = checked.filter((event) => !reason && !isExcluded(event.path ?? (event.path = page))).map((event) => ({
        ...event,
        hostname: location.hostname,
        query,
        timestamp,
        // Unique enough that two events never share one; it identifies no visitor.
        id: now().toString(36) + Math.random().toString(36).slice(2, 12)
      }));
      if (!events[0]) {
        log("not tracked:", reason || "excluded", checked);
        return answerLater(callback, { ok: false, ignored: true, reason: reason || "excluded" });
      }
      if (false) {
        const record = outcomes2(events.length, callback, batch);
        events = events.filter((event) => {
          for (const hook of hooks.queue) {
            const result = hook(event);
            if (result) return record(result) < 0;
          }
          return true;
        });
        if (!events[0]) return;
        add(events, callback, batch, record);
      } else add(events, callback, batch);
      core._left ? core._send(true) : core._scheduleNext();
      log("queued", events);
    };
    const call = (name, options, callback) => track([options], typeof options == "function" ? options : callback, name);
    const pageview = (options, callback) => {
      lastPageviewPath = currentPath();
      call("Page View", options, callback);
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
        awaitAll(callback);
        core._send();
      },
      queueLength: () => core._pending.length,
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
    on(win, "online", () => core._sendIn(0));
    let pageviewMade = false;
    const autoPageview = () => {
      if (config.autoPageview && !pageviewMade) pageview();
      pageviewMade = true;
    };
    const beforeLeaving = () => {
      autoPageview();
      if (false) for (const hook of hooks.leave) hook();
    };
    on(document2, "visibilitychange", () => {
      if (document2.visibilityState == "hidden") {
        beforeLeaving();
        core._send(true);
      }
    });
    on(win, "pagehide", () => {
      beforeLeaving();
      core._left = true;
      core._send(true);
      save();
    });
    on(win, "pageshow", (event) => {
      if (event.persisted) {
        letGoIfTaken();
        core._left = false;
        save();
        core._sendIn(0);
      }
    });
    watchNavigation(
      win,
      guard(() => config.spaMode && currentPath() != lastPageviewPath && pageview())
    );
    if (false) {
      const resume = () => (adopt(), core._sendIn(0));
      const discard = (result) => core._finish(core._pending, result);
      for (const feature of features) feature.install(lyt, hooks, { window: win, now, guard, config, log, warn, storage, session, resume, discard });
    }
    startUp(
      guard(() => {
        on(win, "storage", (event) => {
          if (event.key == ownKey) handOver(event.oldValue);
          discardIfOptedOut();
        });
        adopt();
        setInterval(guard(adopt), HEARTBEAT_MS);
        autoPageview();
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
