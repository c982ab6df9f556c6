/* The console's only script: a multilingual field marks its empty languages "missing" as
   the organiser types (the server marks them the same way on every page load). */
(function () {
  "use strict";
  function refresh(group) {
    var inputs = group.querySelectorAll("input, textarea");
    var required = group.hasAttribute("data-ml-required");
    var anyText = Array.prototype.some.call(inputs, function (el) { return el.value.trim() !== ""; });
    inputs.forEach(function (el) {
      var box = el.closest(".ml-lang");
      if (box) { box.classList.toggle("is-missing", (required || anyText) && el.value.trim() === ""); }
    });
  }
  document.querySelectorAll("[data-ml]").forEach(function (group) {
    group.addEventListener("input", function () { refresh(group); });
  });
})();
