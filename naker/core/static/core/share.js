// The "Copy link" buttons of share boxes (core/_share.html): shown only where the browser can copy.
(function () {
  "use strict";
  if (window.nakerShare || !navigator.clipboard || !window.isSecureContext) return;
  window.nakerShare = true; // the box may be on a page more than once
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.dataset.copy).then(function () {
        button.textContent = button.dataset.copied;
      });
    });
  });
})();
