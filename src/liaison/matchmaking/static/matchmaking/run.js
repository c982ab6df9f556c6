// The console's scheduling run page: a progress bar fed by the solver's progress events.
(function () {
  var box = document.getElementById("run");
  if (box.dataset.active !== "1") return;
  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (s) {
      document.getElementById("run-bar").style.width = Math.round(100 * s.progress) + "%";
      box.querySelector("[role=progressbar]").setAttribute("aria-valuenow", Math.round(100 * s.progress));
      document.getElementById("run-state").textContent = s.status_display;
      document.getElementById("run-phase").textContent = s.phase;
      if (s.weight !== null) document.getElementById("run-weight").textContent = s.weight;
      if (s.weight_upper_bound !== null) document.getElementById("run-bound").textContent = s.weight_upper_bound;
      if (s.breaks !== null) document.getElementById("run-breaks").textContent = s.breaks;
      if (s.status === "queued" || s.status === "running") setTimeout(poll, 1000); else location.reload();
    }).catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
