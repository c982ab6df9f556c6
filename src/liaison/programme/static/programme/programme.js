/* The programme pages: "now on stage" kept current from the cached API (polled every 3 s
   with If-None-Match), and the viewer's time zone offered from the browser, never applied
   without the viewer's yes. */
(function () {
  "use strict";

  function pick(texts, lang, fallback) {
    if (!texts) return "";
    return texts[lang] || texts[fallback] || texts.en || texts["zh-hans"] || texts.ja || "";
  }

  function span(startIso, endIso, zone) {
    var fmt = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: zone });
    return fmt.format(new Date(startIso)) + "\u2013" + fmt.format(new Date(endIso));
  }

  function offset(iso, zone) {
    var parts = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" }).formatToParts(new Date(iso));
    for (var i = 0; i < parts.length; i++) if (parts[i].type === "timeZoneName") return parts[i].value.replace("GMT", "UTC");
    return "";
  }

  function timeText(item, box) {
    var zone = box.dataset.zone, viewer = box.dataset.viewerZone;
    var text = span(item.starts_at, item.ends_at, zone);
    if (viewer) {
      text += " " + offset(item.starts_at, zone) + " \u00b7 " + span(item.starts_at, item.ends_at, viewer) + " " + offset(item.starts_at, viewer);
    }
    return text;
  }

  function show(box, slot, item, emptyText) {
    var title = box.querySelector("[data-" + slot + "]");
    var time = box.querySelector("[data-" + slot + "-time]");
    title.textContent = "";
    if (!item) {
      title.textContent = emptyText;
      time.textContent = "";
      return;
    }
    var link = document.createElement("a");
    link.href = box.dataset.itemUrl.replace(/\/0\/$/, "/" + item.id + "/");
    link.textContent = pick(item.title, box.dataset.lang, box.dataset.fallback);
    title.appendChild(link);
    time.textContent = timeText(item, box);
  }

  function startNow(box) {
    var etag = null;
    function poll() {
      var headers = { Accept: "application/json", "Accept-Language": box.dataset.lang };
      if (etag) headers["If-None-Match"] = etag;
      fetch(box.dataset.url, { headers: headers, cache: "no-store", credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 304 || !response.ok) return null;
          etag = response.headers.get("ETag");
          return response.json();
        })
        .then(function (data) {
          if (!data) return;
          show(box, "now", data.now, box.dataset.none);
          show(box, "next", data.next, "\u2014");
          box.dataset.nowId = data.now ? data.now.id : "";
          document.querySelectorAll(".prog-item.on-stage").forEach(function (el) { el.classList.remove("on-stage"); });
          if (data.now) {
            var card = document.getElementById("item-" + data.now.id);
            if (card) card.classList.add("on-stage");
          }
        })
        .catch(function () { /* offline for a moment: try again at the next tick */ });
    }
    poll();
    setInterval(poll, 3000);
  }

  function offerZone(p) {
    var offer = p.querySelector(".zone-offer");
    var clear = p.querySelector("[data-zone-clear]");
    var cookie = p.dataset.cookie;
    function setZone(zone) {
      document.cookie = cookie + "=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; SameSite=Lax";
      location.reload();
    }
    if (clear) clear.addEventListener("click", function () { setZone(p.dataset.eventZone); });
    var zone;
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
    if (!zone || document.cookie.indexOf(cookie + "=") !== -1) return;
    var now = new Date().toISOString();
    if (offset(now, zone) === offset(now, p.dataset.eventZone)) return;
    var question = offer.querySelector("[data-zone-question]");
    question.textContent = question.dataset.zoneQuestion.replace("%(zone)s", zone) + " ";
    offer.hidden = false;
    offer.querySelector("[data-zone-yes]").addEventListener("click", function () { setZone(zone); });
  }

  var box = document.getElementById("now-on-stage");
  if (box) startNow(box);
  var zones = document.getElementById("zones");
  if (zones) offerZone(zones);
})();
