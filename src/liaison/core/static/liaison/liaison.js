// Behaviour every page shares, kept out of the HTML so that the Content-Security-Policy can
// forbid inline script: buttons and links with data-confirm ask before they act.
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-confirm]");
  if (target && !window.confirm(target.dataset.confirm)) {
    event.preventDefault();
  }
});
