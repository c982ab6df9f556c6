/* The check-in desk.

   Every scan is first written to IndexedDB with a scan id made here (a UUID) and the time of
   the scan, then sent to POST /api/v1/events/{slug}/checkins/. A scan that cannot reach the
   server stays in IndexedDB, listed as "waiting to sync", and is sent again when the
   connection returns (and every few seconds while any wait). The server answers the same
   scan id only once with a new check-in, so a scan sent twice is never counted twice; a scan
   leaves IndexedDB only once the server has answered it. */
(function () {
  "use strict";

  const desk = document.getElementById("desk");
  if (!desk) return;
  const T = JSON.parse(document.getElementById("desk-strings").textContent);
  const EVENT = desk.dataset.event;
  const API = desk.dataset.api;
  const SEARCH = desk.dataset.search;
  const LANGUAGE = desk.dataset.language || "en";
  const ZONE = desk.dataset.timezone || undefined;
  const RETRY_MS = 5000;
  // What a badge scanner types: letters and digits only, long, with at least one digit.
  const CODE = /^(?=.*\d)[A-Za-z0-9]{12,64}$/;

  const form = document.getElementById("desk-form");
  const input = document.getElementById("desk-code");
  const result = document.getElementById("desk-result");
  const matches = document.getElementById("desk-matches");
  const connection = document.getElementById("desk-connection");
  const pendingList = document.getElementById("pending-list");
  const pendingCount = document.getElementById("pending-count");
  const pendingEmpty = document.getElementById("pending-empty");
  const logList = document.getElementById("log-list");
  const logEmpty = document.getElementById("log-empty");

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, (_, key) => (key in values ? values[key] : ""));
  }

  function clock(iso) {
    try {
      return new Date(iso).toLocaleTimeString(LANGUAGE, {
        hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: ZONE,
      });
    } catch (error) {
      return new Date(iso).toLocaleTimeString();
    }
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function csrfToken() {
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* IndexedDB: one store of the scans not yet answered by the server. */
  const db = new Promise((resolve, reject) => {
    const request = indexedDB.open("liaison-checkin", 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore("scans", { keyPath: "client_id" });
      store.createIndex("event", "event");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

  function tx(mode, work) {
    return db.then((database) => new Promise((resolve, reject) => {
      const transaction = database.transaction("scans", mode);
      const value = work(transaction.objectStore("scans"));
      transaction.oncomplete = () => resolve(value && "result" in value ? value.result : value);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    }));
  }
  const keepScan = (scan) => tx("readwrite", (store) => store.put(scan));
  const dropScan = (id) => tx("readwrite", (store) => store.delete(id));
  const pendingScans = () =>
    tx("readonly", (store) => store.index("event").getAll(EVENT)).then((scans) =>
      scans.sort((a, b) => a.scanned_at.localeCompare(b.scanned_at)));

  /* Sounds (WebAudio): a distinct one for each kind of answer. */
  let audio = null;
  function beep(tone) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      const notes = {
        ok: [[880, 0, 0.09, "sine"], [1320, 0.1, 0.12, "sine"]],
        queued: [[660, 0, 0.15, "sine"]],
        used: [[330, 0, 0.12, "square"], [330, 0.18, 0.12, "square"], [330, 0.36, 0.12, "square"]],
        refused: [[180, 0, 0.5, "sawtooth"]],
      }[tone] || [];
      const start = audio.currentTime + 0.01;
      for (const [frequency, at, length, wave] of notes) {
        const oscillator = audio.createOscillator();
        const gain = audio.createGain();
        oscillator.type = wave;
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.18, start + at);
        gain.gain.exponentialRampToValueAtTime(0.001, start + at + length);
        oscillator.connect(gain).connect(audio.destination);
        oscillator.start(start + at);
        oscillator.stop(start + at + length + 0.02);
      }
    } catch (error) {
      /* no sound on this device: the colour still tells */
    }
    desk.dataset.lastTone = tone;
  }

  function toneOf(outcome) {
    if (outcome === "checked_in" || outcome === "repeat") return "ok";
    if (outcome === "already_checked_in") return "used";
    return "refused";
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function personBlock(person) {
    const box = el("div", "person");
    const name = el("p", "person-name", person.name);
    if (person.name_lang) name.lang = person.name_lang;
    box.appendChild(name);
    if (person.name_latin) box.appendChild(el("p", "person-latin", person.name_latin));
    const facts = el("dl", "person-facts");
    const add = (label, value, className) => {
      if (!value) return;
      const row = el("div", className || "");
      row.appendChild(el("dt", "", label));
      row.appendChild(el("dd", "", value));
      facts.appendChild(row);
    };
    add(T.organisation, person.organisation);
    add(T.delegation, person.delegation);
    add(T.role, person.role);
    add(T.status, person.status_label);
    add(T.needs, person.needs, "needs");
    box.appendChild(facts);
    return box;
  }

  function show(tone, message, person, detail) {
    result.dataset.tone = tone;
    result.replaceChildren();
    result.appendChild(el("p", "result-message", message));
    if (detail) result.appendChild(el("p", "result-detail", detail));
    if (person) result.appendChild(personBlock(person));
  }

  function messageOf(body) {
    if (body.message) return body.message;
    const errors = body.errors || {};
    for (const key of Object.keys(errors)) {
      if (errors[key] && errors[key].length) return errors[key][0];
    }
    return "";
  }

  function addLog(scan, tone, text) {
    const item = el("li", `scan tone-${tone}`);
    item.appendChild(el("span", "scan-time", clock(scan.scanned_at)));
    item.appendChild(el("span", "scan-what", text));
    logList.prepend(item);
    while (logList.children.length > 30) logList.lastChild.remove();
    logEmpty.hidden = true;
  }

  async function renderPending() {
    const scans = await pendingScans();
    pendingList.replaceChildren();
    for (const scan of scans) {
      const item = el("li", "scan tone-queued");
      item.dataset.clientId = scan.client_id;
      item.appendChild(el("span", "scan-time", clock(scan.scanned_at)));
      item.appendChild(el("code", "scan-code", scan.code));
      item.appendChild(el("span", "scan-state", T.waiting));
      pendingList.appendChild(item);
    }
    pendingCount.textContent = String(scans.length);
    pendingEmpty.hidden = scans.length > 0;
    desk.dataset.pending = String(scans.length);
    return scans;
  }

  function setConnection(online) {
    connection.dataset.state = online ? "online" : "offline";
    connection.querySelector(".label").textContent = online ? T.online : T.offline;
  }

  /* Send one scan. Returns "done" once the server has answered it (kept or refused),
     "wait" when it must be sent again later. */
  const inFlight = new Set();

  async function send(scan, { live }) {
    if (inFlight.has(scan.client_id)) return "wait";
    inFlight.add(scan.client_id);
    try {
      return await post(scan, { live });
    } finally {
      inFlight.delete(scan.client_id);
    }
  }

  async function post(scan, { live }) {
    let response;
    try {
      response = await fetch(API, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          "Accept": "application/json",
          "Accept-Language": LANGUAGE,
          "X-CSRFToken": csrfToken(),
        },
        body: JSON.stringify({
          code: scan.code, client_id: scan.client_id, scanned_at: scan.scanned_at,
        }),
      });
    } catch (error) {
      setConnection(false);
      return "wait";
    }
    setConnection(true);
    if (response.status === 401 || response.status === 403) {
      if (live) show("queued", T.sign_in);
      return "wait";
    }
    let body = {};
    try {
      body = await response.json();
    } catch (error) {
      body = {};
    }
    if (response.status >= 500 || !("outcome" in body || "errors" in body)) {
      if (live) show("queued", T.server_error);
      return "wait";
    }
    await dropScan(scan.client_id);
    const outcome = body.outcome || "invalid";
    const tone = toneOf(outcome);
    const person = body.registration || null;
    let detail = "";
    if (outcome === "already_checked_in" && body.checked_in_at) {
      detail = format(T.checked_in_at, { time: clock(body.checked_in_at) });
    }
    if (!live) detail = [format(T.scanned, { time: clock(scan.scanned_at) }), detail].filter(Boolean).join(" · ");
    if (live || tone !== "ok") {
      show(tone, messageOf(body), person, detail);
      beep(tone);
    }
    addLog(scan, tone, `${person ? person.name : scan.code} — ${messageOf(body)}`);
    return "done";
  }

  let syncing = null;
  function sync() {
    if (syncing) return syncing;
    syncing = (async () => {
      try {
        for (const scan of await pendingScans()) {
          if ((await send(scan, { live: false })) === "wait") break;
        }
      } finally {
        await renderPending();
        syncing = null;
      }
    })();
    return syncing;
  }

  async function scanCode(code) {
    const scan = {
      client_id: uuid(),
      event: EVENT,
      code: code.replace(/\s+/g, "").toUpperCase(),
      scanned_at: new Date().toISOString(),
    };
    await keepScan(scan);
    await renderPending();
    show("queued", T.sending, null, scan.code);
    if (syncing) await syncing;
    const outcome = await send(scan, { live: true });
    if (outcome === "wait") {
      if (result.dataset.tone !== "queued" || result.querySelector(".result-message").textContent === T.sending) {
        show("queued", T.saved_offline, null, scan.code);
      }
      beep("queued");
    }
    await renderPending();
  }

  async function searchNames(query) {
    show("idle", T.empty);
    matches.hidden = false;
    const title = matches.querySelector(".matches-title");
    const list = matches.querySelector(".matches");
    list.replaceChildren();
    title.textContent = format(T.matches, { q: query });
    let body;
    try {
      const response = await fetch(`${SEARCH}?q=${encodeURIComponent(query)}`, {
        credentials: "same-origin", headers: { Accept: "application/json" },
      });
      if (!response.ok) throw new Error(String(response.status));
      body = await response.json();
      setConnection(true);
    } catch (error) {
      setConnection(navigator.onLine);
      title.textContent = T.search_offline;
      return;
    }
    if (!body.results.length) {
      title.textContent = format(T.no_match, { q: query });
      return;
    }
    for (const person of body.results) {
      const item = el("li", "match");
      item.appendChild(personBlock(person));
      const button = el("button", "button", T.check_in);
      button.type = "button";
      if (person.checked_in_at) {
        item.appendChild(el("p", "match-note", format(T.checked_in_at, { time: clock(person.checked_in_at) })));
      }
      button.addEventListener("click", () => {
        matches.hidden = true;
        scanCode(person.badge_code).then(() => input.focus());
      });
      item.appendChild(button);
      list.appendChild(item);
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = input.value.trim();
    input.value = "";
    input.focus();
    if (!value) {
      show("idle", T.empty);
      return;
    }
    if (CODE.test(value.replace(/\s+/g, ""))) {
      matches.hidden = true;
      scanCode(value);
    } else {
      searchNames(value);
    }
  });

  window.addEventListener("online", () => { setConnection(true); sync(); });
  window.addEventListener("offline", () => setConnection(false));
  setInterval(() => { if (Number(desk.dataset.pending || "0") > 0) sync(); }, RETRY_MS);
  setConnection(navigator.onLine);
  renderPending().then(() => sync());

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(desk.dataset.sw, { scope: desk.dataset.scope }).then(
      () => { desk.dataset.offlineReady = "1"; },
      () => { desk.dataset.offlineReady = "0"; }
    );
    navigator.serviceWorker.ready.then(() => { desk.dataset.offlineReady = "1"; });
  }
}());
