/* "Simpan untuk offline": keeps a course's pages on the phone (Cache API + the service worker at
   /sw.js), queues lessons marked done without a connection (localStorage) and sends them when it
   returns (POST /api/v1/lessons/<id>/done: doing a lesson twice changes nothing, so a repeated send
   is harmless). Plain JavaScript, no build step; the page works without it where a browser lacks
   service workers, the Cache API or localStorage (the section stays hidden). Words come from the
   server, on this script's data-* attributes. */
(function () {
  "use strict";
  var me = document.currentScript;
  var CACHE = "naker-offline-v1";
  var QUEUE = "naker-offline-queue";
  var SAVED = "naker-offline-courses";
  var words = function (name, n) { return (me.getAttribute("data-" + name) || "").replace("{n}", n); };
  var supported = "serviceWorker" in navigator && "caches" in window && "fetch" in window && (function () {
    try { localStorage.setItem("naker-t", "1"); localStorage.removeItem("naker-t"); return true; } catch (e) { return false; }
  }());
  if (!supported) { return; }

  function read(key) { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function write(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function kb(bytes) { return Math.max(1, Math.round(bytes / 1024)) + " KB"; }
  function csrf() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  function showPending() {
    var queue = read(QUEUE);
    document.querySelectorAll("[data-offline-pending]").forEach(function (el) {
      var course = el.getAttribute("data-offline-pending");
      var n = queue.filter(function (q) { return !course || q.course === course; }).length;
      el.textContent = n ? words("pending", n) : "";
      el.hidden = !n;
    });
  }

  function send(item) {
    return fetch("/api/v1/lessons/" + item.lesson + "/done", {
      method: "POST", credentials: "same-origin", headers: {"X-CSRFToken": csrf(), "Accept": "application/json"}
    });
  }

  var syncing = false;
  function sync() {
    if (syncing || !navigator.onLine) { return; }
    var queue = read(QUEUE);
    if (!queue.length) { return; }
    syncing = true;
    var left = [];
    var chain = Promise.resolve();
    queue.forEach(function (item) {
      chain = chain.then(function () {
        return send(item).then(function (r) {
          // 2xx: recorded. 4xx: the server will never take it (left the course, lesson gone): drop it.
          if (r.status >= 500) { left.push(item); }
          if (r.ok) { return r.json().then(function (e) { item.progress = e.progress_percent; }); }
        }, function () { left.push(item); });
      });
    });
    chain.then(function () {
      write(QUEUE, left);
      syncing = false;
      showPending();
      var status = document.querySelector("[data-offline-synced]");
      if (status && !left.length) { status.textContent = words("synced"); status.hidden = false; }
    });
  }

  function register() {
    return navigator.serviceWorker.register("/sw.js", {scope: "/"});
  }

  // The course page: the size first (asked for only when the worker wants it), then saving.
  var box = document.querySelector("[data-offline-manifest]");
  if (box) {
    box.hidden = false;
    var ask = box.querySelector("[data-offline-ask]");
    var save = box.querySelector("[data-offline-save]");
    var status = box.querySelector("[role=status]");
    var manifest = null;
    var code = box.getAttribute("data-course");
    if (read(SAVED).indexOf(code) >= 0) { status.textContent = words("saved-already"); }
    ask.addEventListener("click", function () {
      ask.disabled = true;
      fetch(box.getAttribute("data-offline-manifest"), {credentials: "same-origin"}).then(function (r) {
        return r.ok ? r.json() : Promise.reject(r.status);
      }).then(function (m) {
        manifest = m;
        status.textContent = words("size", kb(m.size_bytes));
        save.textContent = words("save", kb(m.size_bytes));
        ask.hidden = true;
        save.hidden = false;
      }).catch(function () { status.textContent = words("failed"); ask.disabled = false; });
    });
    save.addEventListener("click", function () {
      if (!manifest) { return; }
      save.disabled = true;
      status.textContent = words("saving");
      var assets = [];
      document.querySelectorAll("link[rel=stylesheet], script[src]").forEach(function (el) {
        assets.push(el.getAttribute("href") || el.getAttribute("src"));
      });
      register().then(function () { return caches.open(CACHE); }).then(function (cache) {
        var pages = manifest.urls.map(function (url) {
          return new Request(url, {credentials: "same-origin", headers: {"X-Naker-Offline": "save"}});
        });
        return cache.addAll(pages.concat(assets)).then(function () {
          return Promise.all(manifest.urls.map(function (url) {
            return cache.match(url).then(function (r) { return r ? r.blob() : null; });
          }));
        });
      }).then(function (blobs) {
        var bytes = blobs.reduce(function (sum, b) { return sum + (b ? b.size : 0); }, 0);
        var saved = read(SAVED);
        if (saved.indexOf(manifest.course) < 0) { saved.push(manifest.course); write(SAVED, saved); }
        status.textContent = words("saved", kb(bytes));
        save.hidden = true;
      }).catch(function () {
        status.textContent = words("failed");
        save.disabled = false;
      });
    });
  }

  // A lesson page: marking it done without a connection queues it.
  var form = document.querySelector("form[data-offline-done]");
  if (form) {
    var lesson = parseInt(form.getAttribute("data-offline-done"), 10);
    var course = form.getAttribute("data-course");
    var queued = function () { return read(QUEUE).some(function (q) { return q.lesson === lesson; }); };
    var markQueued = function () {
      var note = document.createElement("p");
      note.className = "msg";
      note.setAttribute("role", "status");
      note.textContent = words("queued");
      form.replaceWith(note);
    };
    if (queued()) { markQueued(); }
    form.addEventListener("submit", function (event) {
      if (read(SAVED).indexOf(course) < 0) { return; }  // not saved for offline: the plain form
      event.preventDefault();
      var next = form.getAttribute("data-next");
      var go = function () { window.location.href = next; };
      var enqueue = function () {
        var queue = read(QUEUE);
        if (!queued()) { queue.push({lesson: lesson, course: course, at: new Date().toISOString()}); write(QUEUE, queue); }
        markQueued();
        showPending();
        setTimeout(go, 1200);
      };
      if (!navigator.onLine) { enqueue(); return; }
      send({lesson: lesson}).then(function (r) { if (r.ok || r.status < 500) { go(); } else { enqueue(); } }, enqueue);
    });
  }

  // A quiz: answers are graded on the server, so starting one needs the connection.
  var quiz = document.querySelector("form[data-online-only]");
  if (quiz) {
    quiz.addEventListener("submit", function (event) {
      if (navigator.onLine) { return; }
      event.preventDefault();
      var note = quiz.querySelector("[role=status]");
      if (note) { note.textContent = words("online-only"); note.hidden = false; }
    });
  }

  showPending();
  window.addEventListener("online", sync);
  sync();
}());
