/* A choice that fills another: <select data-fills="#id_regency_code" data-options-url="/akun/daftar/kabupaten/">.
   On change, the server's <option> list for the chosen value replaces the target's. Without JavaScript
   the form's own button does the same with a reload. (The 17 KB of htmx is not worth one list on a
   page every new worker opens.) */
(function () {
  "use strict";
  document.querySelectorAll("select[data-fills]").forEach(function (select) {
    var target = document.querySelector(select.getAttribute("data-fills"));
    if (!target || !window.fetch) { return; }
    select.addEventListener("change", function () {
      var url = select.getAttribute("data-options-url") + "?" + encodeURIComponent(select.name) + "=" + encodeURIComponent(select.value);
      fetch(url, {credentials: "same-origin"}).then(function (r) {
        return r.ok ? r.text() : Promise.reject(r.status);
      }).then(function (html) {
        target.innerHTML = html;
      }).catch(function () { /* the button still works */ });
    });
  });
}());
