// blueprint serve: live reload and the error overlay. Injected into every page by the dev server
// (never into the published site); loaded from the server's own origin because the theme's
// Content-Security-Policy allows only same-origin scripts.
(function () {
  "use strict";
  var script = document.currentScript;
  // The generation of the build this page came from, put in the script's URL by the server.
  var served = script ? new URL(script.src).searchParams.get("g") : null;
  var OVERLAY = "blueprint-overlay";

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
    // The same words as the overlay the server renders (OVERLAY_TITLE in live.rs).
    box.querySelector(".blueprint-overlay-title").textContent =
      "The site did not rebuild. You are seeing the last good version. Fix the file and save: this page reloads by itself.";
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
