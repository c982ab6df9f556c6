// The online join page: records the join, then a heartbeat every minute and a leave.
(function () {
  "use strict";
  var box = document.getElementById("join");
  var form = document.getElementById("join-form");
  var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
  var visit = null;
  function data(extra) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    for (var key in extra) body.append(key, extra[key]);
    return body;
  }
  fetch(location.pathname, {
    method: "POST", body: data({}), credentials: "same-origin", headers: { Accept: "application/json" }
  }).then(function (response) {
    return response.json().then(function (body) { return [response.ok, body]; });
  }).then(function (result) {
    if (!result[0]) {
      var error = document.getElementById("join-error");
      error.textContent = result[1].errors.non_field_errors[0];
      error.hidden = false;
      return;
    }
    visit = result[1].visit;
    form.hidden = true;
    document.getElementById("joined").hidden = false;
    box.dataset.visit = visit;
    setInterval(function () {
      fetch(box.dataset.presence, { method: "POST", body: data({ visit: visit }), credentials: "same-origin" }).catch(function () {});
    }, 60000);
    window.addEventListener("pagehide", function () {
      if (navigator.sendBeacon) navigator.sendBeacon(box.dataset.presence, data({ visit: visit, leaving: "1" }));
    });
  }).catch(function () { /* the button still works */ });
}());
