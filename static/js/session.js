// The session page, enhanced: a set is logged (or removed, or brought back) without loading the
// page again, a rest timer runs after each set, and sets logged with no connection wait in the
// browser (IndexedDB) until it returns. Without this script every form posts as a plain form.
"use strict";
(() => {
  const JSON_ACCEPT = { Accept: "application/json" };
  const state = document.getElementById("sync-state");
  const timer = document.getElementById("rest-timer");
  const sessionKey = location.pathname;
  // A session with a superset: the order its sets are done in, round by round, and the sets after
  // which the next exercise of the round follows at once (sessions.views._superset_flow).
  const flow = JSON.parse(document.getElementById("superset-flow")?.textContent || "null");

  // --- Keys: each log carries one, so the server answers a log sent twice without writing it twice.
  const newKey = () =>
    crypto.randomUUID
      ? crypto.randomUUID()
      : "10000000-1000-4000-8000-100000000000".replace(/[018]/g, (c) =>
          (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16),
        );

  // --- What the server sent back: page parts by id, rendered by the page's own templates.
  const swap = (html) => {
    for (const [id, markup] of Object.entries(html || {})) {
      const old = document.getElementById(id);
      if (!old) continue;
      const box = document.createElement("template");
      box.innerHTML = markup.trim();
      old.replaceWith(box.content);
    }
  };

  const say = (text) => {
    state.textContent = text;
    state.hidden = !text;
  };

  // --- The queue of logs that could not be sent (no connection): IndexedDB, one store.
  const db = new Promise((resolve, reject) => {
    const open = indexedDB.open("gymtracker", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("queue", { keyPath: "key" });
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const store = async (mode, work) => {
    const tx = (await db).transaction("queue", mode);
    const result = work(tx.objectStore("queue"));
    return new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve(result.result);
      tx.onerror = () => reject(tx.error);
    });
  };
  const queued = () => store("readonly", (q) => q.getAll());
  const enqueue = (item) => store("readwrite", (q) => q.put(item));
  const dequeue = (key) => store("readwrite", (q) => q.delete(key));

  const showWaiting = async () => {
    const items = await queued();
    for (const item of items) document.getElementById(`set-${item.set}`)?.classList.add("pending");
    const n = items.length;
    if (n) say(`${navigator.onLine ? "Sending" : "Offline"} — ${n} set${n === 1 ? "" : "s"} waiting`);
    else if (state.textContent.includes("waiting")) say("");
  };

  // --- Sending a log; a failed connection queues it, a refusal (4xx) shows why. A form's fields
  // go URL-encoded, as the form itself would post them: a multipart body (FormData's own) costs the
  // server more to read, and no form here sends a file.
  const post = (url, body) =>
    fetch(url, { method: "POST", body: new URLSearchParams(body), headers: JSON_ACCEPT, credentials: "same-origin" });

  const logged = (setId, answer) => {
    swap(answer.html);
    const row = document.getElementById(`set-${setId}`);
    row?.classList.remove("pending");
    row?.classList.add("done");
    return row;
  };

  const nextTick = (upcoming) => {
    const next = upcoming && document.querySelector(`#set-${upcoming} .tick`);
    document.querySelector(".set-row.current")?.classList.remove("current");
    next?.closest(".set-row").classList.add("current");
    // In a superset the next set is often another exercise's, further down or back up.
    if (next && flow) next.closest(".set-row").scrollIntoView({ block: "nearest" });
    if (next) showPlates(next.closest(".set-row"));
    (next || document.querySelector("#finish button"))?.focus({ preventScroll: true });
  };

  const logSet = async (form) => {
    const setId = form.id.replace(/^set-|-form$/g, "");
    const keyInput = form.querySelector('input[name$="-key"]');
    keyInput.value = keyInput.value || newKey();
    const body = new FormData(form);
    const row = document.getElementById(`set-${setId}`);
    const weight = weightOf(row)?.value ?? "";
    // No answer: no connection. A phone that knows it is offline queues the set without a request.
    const response = navigator.onLine ? await post(form.action, body).catch(() => null) : null;
    if (!response || response.status >= 500) {
      await enqueue({ key: keyInput.value, set: setId, url: form.action, body: [...body], at: Date.now() });
      row.classList.add("pending");
      carryWeight(row, weight);
      startRest(row, Date.now());
      nextTick(nextUndone(row));
      await showWaiting();
      return;
    }
    const answer = await response.json().catch(() => ({}));
    if (response.ok) {
      carryWeight(row, weight);
      startRest(logged(setId, answer), Date.parse(answer.logged_at));
      nextTick(answer.upcoming);
    } else if (answer.html) {
      swap(answer.html); // the form again, with what was typed and why it was refused
      document.querySelector(`#set-${setId} [aria-invalid="true"]`)?.focus();
    } else {
      say(response.status === 404 ? "That set is gone: reload the page." : "The set could not be logged.");
    }
  };

  // The next sets of the exercise are filled in with the weight just lifted, as the page does when
  // it is loaded again, unless the member typed one of their own there; a warm-up's is not carried.
  const carryWeight = (row, weight) => {
    if (row.querySelector(".set-type-button.type-warmup")) return;
    for (const later of row.closest(".exercise").querySelectorAll(".set-row:not(.done):not(.pending)")) {
      const input = weightOf(later);
      if (input && !input.dataset.typed && later.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_PRECEDING)
        input.value = weight;
    }
  };

  const nextUndone = (row) => {
    const rows = flow
      ? flow.order.map((id) => document.getElementById(`set-${id}`)).filter(Boolean)
      : [...document.querySelectorAll(".set-row")];
    return rows.slice(rows.indexOf(row) + 1).find((r) => !r.matches(".done, .pending, .removed"))?.id.slice(4);
  };

  let flushing = false;
  const flush = async () => {
    if (flushing) return;
    flushing = true;
    try {
      for (const item of await queued()) {
        const body = new FormData();
        for (const [name, value] of item.body) body.append(name, value);
        let response;
        try {
          response = await post(item.url, body);
        } catch {
          break; // still no connection: try again later
        }
        if (response.status >= 500) break;
        if (response.status === 403) {
          say("Sign in again to send the sets waiting here.");
          break;
        }
        const answer = await response.json().catch(() => ({}));
        await dequeue(item.key);
        if (response.ok) logged(item.set, answer);
        else say("A set logged offline was refused: check it and log it again.");
      }
    } finally {
      flushing = false;
      await showWaiting();
    }
  };

  // --- Removing a set, and bringing it back.
  const removeSet = async (form) => {
    const row = form.closest(".set-row");
    const response = await post(form.action, new FormData(form)).catch(() => null);
    if (!response?.ok) {
      say("No connection: the set was not removed.");
      return;
    }
    swap((await response.json()).html);
    const kept = [...row.childNodes];
    const token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    row.classList.add("removed");
    row.replaceChildren();
    const text = document.createElement("span");
    text.textContent = "Set removed.";
    const undo = document.createElement("button");
    undo.type = "button";
    undo.className = "button secondary small";
    undo.textContent = "Undo";
    undo.addEventListener("click", async () => {
      const body = new FormData();
      body.append("csrfmiddlewaretoken", token);
      const back = await post(form.action.replace(/remove\/$/, "restore/"), body).catch(() => null);
      if (!back?.ok) {
        say("No connection: try Undo again.");
        return;
      }
      swap((await back.json()).html);
      row.classList.remove("removed");
      row.replaceChildren(...kept);
      row.querySelector(".tick")?.focus();
    });
    row.append(text, undo);
    undo.focus();
  };

  // --- A set's type: a tap on its number sends the next type (working → W → D → F → working). The
  // answer is the number's button with its new mark, the set's record marks and the totals. Taps
  // made while a change is on its way are kept and sent one after another, each from the type the
  // server answered, so three quick taps end on F as they would slowly.
  const retyping = new Map(); // set id → taps made while its change is on its way
  const retype = async (form, queuedTaps = 0) => {
    const setId = form.id.replace(/^set-|-type$/g, "");
    if (retyping.has(setId)) {
      retyping.set(setId, retyping.get(setId) + 1);
      return;
    }
    retyping.set(setId, queuedTaps);
    const hadFocus = form.contains(document.activeElement);
    const response = await post(form.action, new FormData(form)).catch(() => null);
    const more = retyping.get(setId);
    retyping.delete(setId);
    if (!response?.ok) {
      say(response ? "The set's type could not be changed: reload the page." : "No connection: the set's type was not changed.");
      return;
    }
    swap((await response.json()).html);
    const fresh = document.getElementById(`set-${setId}-type`);
    if (hadFocus) fresh?.querySelector("button").focus({ preventScroll: true });
    if (more && fresh) retype(fresh, more - 1);
  };

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.matches("[data-log]")) {
      event.preventDefault();
      logSet(form);
    } else if (form.matches("[data-remove]")) {
      event.preventDefault();
      removeSet(form);
    } else if (form.matches("[data-type]")) {
      event.preventDefault();
      retype(form);
    }
  });

  // --- The rest timer: from when the set was logged, the exercise's rest, ±15 s, skip.
  let rest = null;
  let ticking = 0;
  const saved = () => JSON.parse(localStorage.getItem(`rest:${sessionKey}`) || "null");
  const save = () => localStorage.setItem(`rest:${sessionKey}`, JSON.stringify(rest));
  const alerting = () => localStorage.getItem("rest-alert") === "on";

  const startRest = (row, from) => {
    if (!timer || !row) return;
    // Within a superset's round the next exercise follows at once: the rest comes after the round.
    const straightOn = flow?.straight_on.includes(row.id.slice(4));
    const seconds = straightOn ? 0 : Number(row.closest(".exercise")?.dataset.rest || 0);
    if (!seconds) {
      if (straightOn && rest) {
        rest = null; // the rest before this set is over: it was done
        save();
        showRest();
      }
      return;
    }
    rest = { from, seconds, alerted: false };
    save();
    showRest();
  };

  const showRest = () => {
    clearInterval(ticking);
    if (!rest) {
      timer.hidden = true;
      document.body.classList.remove("resting");
      return;
    }
    const paint = () => {
      const left = Math.round((rest.from + rest.seconds * 1000 - Date.now()) / 1000);
      if (left < -30) {
        rest = null;
        save();
        showRest();
        return;
      }
      const shown = Math.abs(left);
      timer.querySelector("output").textContent =
        `${left < 0 ? "+" : ""}${Math.floor(shown / 60)}:${String(shown % 60).padStart(2, "0")}`;
      timer.classList.toggle("over", left <= 0);
      if (left <= 0 && !rest.alerted) {
        rest.alerted = true;
        save();
        if (alerting()) {
          navigator.vibrate?.([300, 100, 300]);
          if (window.Notification?.permission === "granted") new Notification("Rest over: next set");
        }
      }
    };
    timer.hidden = false;
    document.body.classList.add("resting");
    paint();
    ticking = setInterval(paint, 1000);
  };

  timer?.addEventListener("click", async (event) => {
    const action = event.target.closest("[data-rest]")?.dataset.rest;
    if (!action) return;
    if (action === "alert") {
      const on = !alerting();
      if (on && window.Notification?.permission === "default") await Notification.requestPermission();
      localStorage.setItem("rest-alert", on ? "on" : "off");
      event.target.closest("button").setAttribute("aria-pressed", String(on));
      return;
    }
    if (!rest) return;
    if (action === "skip") rest = null;
    else rest.seconds = Math.max(0, rest.seconds + Number(action));
    save();
    showRest();
  });

  if (timer) {
    timer.querySelector('[data-rest="alert"]').setAttribute("aria-pressed", String(alerting()));
    // After a reload: the server says when the latest set was logged; a rest changed here (±15 s,
    // skipped) for that same set is kept.
    const from = Date.parse(timer.dataset.from || "");
    const mine = saved();
    if (mine && (!from || mine.from >= from)) rest = mine;
    else if (from) {
      rest = null;
      startRest(document.getElementById(`set-${timer.dataset.set}`), from);
    }
    showRest();
  }

  // --- Plates for the weight of the row being filled in, and ± steps between loadable weights.
  // The server sends every loadable weight with its plates (plans.training.plate_table); the
  // script only looks a typed weight up in it.
  const table = JSON.parse(document.getElementById("plate-table")?.textContent || "{}");
  const loadable = Object.keys(table).map(Number).sort((a, b) => a - b);
  const extra = document.getElementById("set-extra");
  const plates = document.getElementById("plates");
  const stepSize = Number(extra?.querySelector(".step")?.textContent.replace(/[^\d.]/g, "") || 0);

  const weightOf = (row) => row?.querySelector('input[name$="-weight_kg"]');
  const showPlates = (row) => {
    if (!extra || !row || row.classList.contains("removed")) return;
    if (extra.parentElement !== row) row.append(extra);
    // A set with no weight to type (reps or a time only, or a load added to the body) has no
    // plates and nothing for the steps to change.
    extra.hidden = !weightOf(row);
    const value = weightOf(row)?.value.trim();
    const found = value && table[String(Number(value))];
    const light = !value || Number(value) < loadable[0]; // not on the bar (dumbbells, added load)
    plates.textContent = light ? "" : found === "bar" ? "The bar alone" : found ? `${found} a side` : "Not loadable with your plates";
  };
  const step = (direction) => {
    const row = extra.parentElement;
    const input = weightOf(row);
    if (!input) return;
    const now = Number(input.value || 0);
    let next =
      direction > 0 ? loadable.find((w) => w > now) : [...loadable].reverse().find((w) => w < now);
    if (next === undefined || now < loadable[0]) next = Math.max(0, now + direction * stepSize);
    input.value = String(Math.round(next * 100) / 100);
    input.dataset.typed = "1";
    showPlates(row);
  };
  if (extra) {
    for (const button of extra.querySelectorAll(".step")) {
      button.hidden = false;
      button.addEventListener("click", () => step(Number(button.dataset.step)));
    }
    document.addEventListener("focusin", (event) => {
      if (event.target.matches(".set-row input")) showPlates(event.target.closest(".set-row"));
    });
    showPlates(extra.parentElement);
  }
  document.addEventListener("input", (event) => {
    if (event.target.matches('.set-row input[name$="-weight_kg"]')) {
      event.target.dataset.typed = "1";
      showPlates(event.target.closest(".set-row"));
    }
  });

  // --- Warm-ups ticked here stay ticked for this session (they are not sets: nothing is sent).
  for (const box of document.querySelectorAll(".warmup input[type=checkbox]")) {
    const name = `warmup:${sessionKey}:${box.closest("details").id}:${box.name}`;
    box.checked = localStorage.getItem(name) === "1";
    box.addEventListener("change", () => localStorage.setItem(name, box.checked ? "1" : "0"));
  }

  // --- Offline: the service worker keeps this page; the queue goes out when the connection returns.
  addEventListener("online", flush);
  addEventListener("offline", showWaiting);
  setInterval(() => navigator.onLine && flush(), 15000);
  showWaiting().then(() => navigator.onLine && flush());
  navigator.serviceWorker?.register("/sw.js").catch(() => {});
})();
