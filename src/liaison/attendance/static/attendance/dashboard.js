/* The attendance dashboard refreshes itself while the event runs: every 30 s it fetches the
   figures, rendered on the server (HTML and SVG), and puts them in place. */
(function () {
  "use strict";
  const box = document.getElementById("figures");
  if (!box) return;
  const updated = document.getElementById("updated");
  const every = Number(box.dataset.every || "30") * 1000;

  function stamp(iso) {
    const time = new Date(iso).toLocaleTimeString(document.documentElement.lang || undefined);
    updated.textContent = `${box.dataset.updatedLabel} ${time}`;
    updated.dataset.updated = iso;
  }

  async function refresh() {
    try {
      const response = await fetch(box.dataset.url, {
        credentials: "same-origin", headers: { Accept: "application/json" }, cache: "no-store",
      });
      if (!response.ok) return;
      const data = await response.json();
      box.innerHTML = data.html;
      stamp(data.updated_at);
    } catch (error) {
      /* offline for a moment: the next round tries again */
    }
  }

  stamp(updated.dataset.updated);
  setInterval(refresh, every);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
}());
