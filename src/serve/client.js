// blueprint serve: live reload and the error overlay. Injected into every page by the dev server
// (never into the published site); loaded from the server's own origin because the theme's
// Content-Security-Policy allows only same-origin scripts.
(function () {
  "use strict";
  var script = document.currentScript;
  // The generation of the build this page came from, put in the script's URL by the server.
  var served = script ? new URL(script.src).searchParams.get("g") : null;
  var OVERLAY = "blueprint-overlay";
  // The same words as the overlay the server renders (OVERLAY_TITLE in live.rs); a page in another
  // language carries its own (serve.overlay_title, in the JSON search.js reads too). The
  // diagnostics stay English: they are for editors and quote the project's files.
  var TITLE =
    "The site did not rebuild. You are seeing the last good version. Fix the file and save: this page reloads by itself.";
  function pageTitle() {
    var el = document.getElementById("search-words");
    try {
      return (el && JSON.parse(el.textContent)["serve.overlay_title"]) || null;
    } catch (e) {
      return null;
    }
  }

  function overlay(text) {
    var box = document.getElementById(OVERLAY);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY;
      box.setAttribute("role", "alert");
      var inner = document.createElement("div");
      inner.className = "blueprint-overlay-box";
      var title = document.createElement("p");
      title.className = "blueprint-overlay-title";
      var pre = document.createElement("pre");
      inner.appendChild(title);
      inner.appendChild(pre);
      box.appendChild(inner);
      document.body.insertBefore(box, document.body.firstChild);
    }
    var translated = pageTitle();
    var title = box.querySelector(".blueprint-overlay-title");
    title.textContent = translated || TITLE;
    if (translated) title.setAttribute("lang", document.documentElement.lang);
    box.setAttribute("lang", "en");
    // textContent, never innerHTML: the diagnostics quote the editor's own text.
    box.querySelector("pre").textContent = text;
  }

  function hide() {
    var box = document.getElementById(OVERLAY);
    if (box) box.parentNode.removeChild(box);
  }

  function onState(message) {
    var state = JSON.parse(message.data);
    if (state.error) {
      overlay(state.error);
    } else if (String(state.generation) !== served) {
      location.reload();
    } else {
      hide();
    }
  }

  // Only visible tabs listen: browsers allow about six connections per server, and an open event
  // stream holds one, so six background tabs would otherwise stall every page. A tab that becomes
  // visible again reconnects, gets the current state at once and reloads if it is stale.
  var events = null;
  function connect() {
    if (events) return;
    events = new EventSource("/__blueprint/events");
    events.onmessage = onState;
  }
  function disconnect() {
    if (events) events.close();
    events = null;
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect();
    else connect();
  });
  if (!document.hidden) connect();
})();
