// Search: this theme's UI over search-engine.js, which queries the index `blueprint build`
// writes to search-index/.
// Progressive enhancement: without this file the header form submits to search/, which links
// the A–Z index. Content never becomes markup here: results are built with DOM APIs and
// textContent, excerpts included.
(function () {
  "use strict";

  var root = document.body.getAttribute("data-root") || "/";
  // A page in another language has its own root (its index) but the main language's assets.
  var assets = document.body.getAttribute("data-assets") || root + "assets/";
  var PAGE = 10; // results per batch on the search page
  var POPUP = 6; // results in the header's drop-down
  var KINDS = ["Chapter", "Direction", "Strategy", "Target", "Recommendation", "Initiative", "Indicator", "Milestone", "Reference"];

  function byId(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  // The engine is loaded on first use (focus or a query in the URL), not with every page.
  var loading = null;
  function engine() {
    if (!loading) {
      loading = import(assets + "search-engine.js").then(function (m) { return m.open(root); });
      // A failed load (offline, file://) is retried on the next search rather than cached.
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  // An excerpt is [{ text, mark }]: text nodes, matches inside <mark>.
  function excerptNodes(excerpt) {
    var frag = document.createDocumentFragment();
    (excerpt || []).forEach(function (part) {
      var text = document.createTextNode(String(part.text));
      if (part.mark) frag.appendChild(document.createElement("mark")).appendChild(text);
      else frag.appendChild(text);
    });
    return frag;
  }

  // One result: kind, number and label, title (the link) and the highlighted excerpt.
  function resultItem(d, titleTag) {
    var meta = d.meta || {};
    var kind = meta.kind || (d.filters && d.filters.kind && d.filters.kind[0]) || "";
    var li = el("li", "search-result");
    var head = li.appendChild(el("p", "result-meta"));
    if (kind) head.appendChild(el("span", "kind kind-" + kind.toLowerCase(), kind));
    if (meta.id && (meta.label || "").indexOf(meta.id) < 0) head.appendChild(el("span", "item-id", meta.id));
    var title = li.appendChild(el(titleTag, "result-title"));
    var a = title.appendChild(el("a", "result-link"));
    // URLs are the site's own page paths; anything else is not made a link.
    if (/^(\/|https?:)/.test(d.url || "")) a.href = d.url;
    // A milestone's label is its due date: shown beside the kind, not as the title's number.
    if (meta.label && kind === "Milestone") {
      head.appendChild(el("span", "result-due", meta.label));
    } else if (meta.label) {
      a.appendChild(el("span", "item-label", meta.label));
      a.appendChild(document.createTextNode(" "));
    }
    // The title in its own span: the link underlines its words, not the space before them.
    a.appendChild(el("span", "result-name", meta.title || d.url || ""));
    li.appendChild(el("p", "result-excerpt")).appendChild(excerptNodes(d.excerpt));
    return li;
  }

  function kindRank(d) {
    var i = KINDS.indexOf((d.meta && d.meta.kind) || "");
    return i < 0 ? KINDS.length : i;
  }

  // An item whose id or acronym is the query itself goes first: the engine also matches prefixes,
  // so `1.1` scores Recommendation 1.1.1 near Target 1.1. Several such items keep the order of
  // kinds, so `1.1` gives Target 1.1, then Indicator 1.1 (the Blueprint numbers both so).
  function exactFirst(q, data) {
    var key = q.trim().toLowerCase();
    function exact(d) {
      var m = d.meta || {};
      return [m.id, m.acronym].some(function (v) { return v && v.toLowerCase() === key; });
    }
    var pinned = data.filter(exact).sort(function (a, b) { return kindRank(a) - kindRank(b); });
    return pinned.concat(data.filter(function (d) { return !exact(d); }));
  }

  // The data (URL, meta, excerpt) of results [from, from + n), for drawing.
  function load(results, from, n) {
    return Promise.all(results.slice(from, from + n).map(function (r) { return r.data(); }));
  }

  // How many results to load first. An id that merely starts with the query can score near the
  // id itself (2.1.1 to 2.1.5 beside Target 2.1 for `2.1`), so for an
  // id-shaped query every result near the top score is loaded, for exactFirst to find the item.
  function firstBatch(q, results, n) {
    if (!/^\d+(\.\d+)*$/.test(q.trim()) || !results.length) return n;
    var k = 0;
    while (k < results.length && k < 30 && results[k].score >= results[0].score / 2) k++;
    return Math.max(n, k);
  }

  // "Did you mean …?" with the closest query that finds something, a link to its search page
  // (`params` keeps the page's filters). The query is text: it never becomes markup.
  function suggestion(text, params) {
    var p = el("p", "search-suggestion", say("mean", "Did you mean "));
    var a = p.appendChild(el("a", "", text));
    var q = new URLSearchParams(params || {});
    q.set("q", text);
    a.href = root + "search/?" + q;
    p.appendChild(document.createTextNode(say("mean_end", "?")));
    return p;
  }

  // The page's words for search (a JSON data script the site writes on pages not in English);
  // each call names its English, used when the page has none.
  var WORDS = (function () {
    var s = document.getElementById("search-words");
    try { return s ? JSON.parse(s.textContent) : {}; } catch (e) { return {}; }
  })();
  function say(key, english, args) {
    var t = WORDS[key] || english;
    Object.keys(args || {}).forEach(function (k) { t = t.split("{" + k + "}").join(args[k]); });
    return t;
  }
  function count(n) { return n === 1 ? say("one", "1 result") : say("many", "{n} results", { n: n }); }

  // Arrow keys move between the input and the result links, Enter follows a link (natively),
  // Escape goes back to the input and then calls `escape`.
  function keyboard(input, box, escape) {
    function links() { return Array.prototype.slice.call(box.querySelectorAll("a[href]")); }
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown" && links().length) {
        e.preventDefault();
        links()[0].focus();
      } else if (e.key === "Escape") {
        escape(e);
      }
    });
    box.addEventListener("keydown", function (e) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && i >= 0) {
        e.preventDefault();
        if (i + 1 < all.length) all[i + 1].focus();
      } else if (e.key === "ArrowUp" && i >= 0) {
        e.preventDefault();
        (i > 0 ? all[i - 1] : input).focus();
      } else if (e.key === "Escape") {
        e.preventDefault();
        input.focus();
        escape(e);
      }
    });
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  // Natural order, so "Strategy (10)" would follow "Strategy (9)".
  function natural(a, b) { return a.localeCompare(b, undefined, { numeric: true }); }

  function fillSelect(select, values, wanted) {
    values.forEach(function (v) {
      var o = select.appendChild(el("option", "", v));
      o.value = v;
      if (v === wanted) o.selected = true;
    });
  }

  // The search page: the query and filters live in the URL (search/?q=…&kind=…&strategy=…, the
  // second filter named after the plan's branch level), so results are linkable: reloading or sharing the address repeats the search.
  function searchPage() {
    var ui = {
      form: byId("search-page-form"),
      input: byId("search-page-input"),
      status: byId("search-status"),
      out: byId("search-results"),
      kind: byId("search-kind"),
      branch: byId("search-branch"),
      seq: 0, // the latest search: results of older ones arriving late are dropped
    };
    if (!ui.form || !ui.input || !ui.status || !ui.out || !ui.kind || !ui.branch) return;
    // The keys work only with this script: their hint is hidden until it runs.
    var keys = ui.form.querySelector(".search-keys");
    if (keys) keys.hidden = false;
    var params = new URLSearchParams(location.search);
    ui.input.value = params.get("q") || "";
    function run() { runPageSearch(ui); }
    ui.form.addEventListener("submit", function (e) {
      e.preventDefault();
      run();
    });
    ui.input.addEventListener("input", debounce(run, 150));
    ui.kind.addEventListener("change", run);
    ui.branch.addEventListener("change", run);
    keyboard(ui.input, ui.out, function (e) {
      // Escape in the box clears it (as the browser does for type=search), and the results.
      if (e.currentTarget === ui.input) {
        e.preventDefault();
        ui.input.value = "";
        run();
      }
    });
    // Filters come from the index: fill them, then run the query from the URL.
    engine()
      .then(function (e) { return e.filters(); })
      .then(function (all) {
        fillSelect(ui.kind, Object.keys(all.kind || {}).sort(function (a, b) { return KINDS.indexOf(a) - KINDS.indexOf(b); }), params.get("kind"));
        fillSelect(ui.branch, Object.keys(all[ui.branch.name] || {}).sort(natural), params.get(ui.branch.name));
        ui.form.querySelector(".search-filters").hidden = false;
      })
      .catch(function () {})
      .then(run);
  }

  function runPageSearch(ui) {
    var q = ui.input.value.trim();
    var f = {};
    if (ui.kind.value) f.kind = ui.kind.value;
    if (ui.branch.value) f[ui.branch.name] = ui.branch.value;
    var mine = ++ui.seq;
    var p = new URLSearchParams();
    if (q) p.set("q", q);
    Object.keys(f).forEach(function (k) { p.set(k, f[k]); });
    history.replaceState(null, "", location.pathname + (p.toString() ? "?" + p : ""));
    ui.out.textContent = "";
    if (!q && !Object.keys(f).length) {
      ui.status.textContent = "";
      return;
    }
    ui.status.textContent = say("searching", "Searching…");
    var results = [];
    var suggested = null;
    engine()
      .then(function (e) { return e.search(q || null, { filters: f }); })
      .then(function (r) {
        results = r.results;
        suggested = r.suggestion;
        return load(results, 0, firstBatch(q, results, PAGE));
      })
      .then(function (data) {
        if (mine !== ui.seq) return;
        // The count is announced (role=status) once the results it counts are on the page.
        var found = q ? say("for", " for “{q}”", { q: q }) : "";
        ui.status.textContent = results.length ? count(results.length) + found : say("none", "No results") + found + say("try", ". Try fewer words, or browse the A–Z index.");
        if (suggested) ui.out.appendChild(suggestion(suggested, f));
        showBatch(ui, results, exactFirst(q, data), ui.out.appendChild(el("ol", "search-list")), mine);
      })
      .catch(function () {
        if (mine === ui.seq) ui.status.textContent = say("failed", "Search could not load. Browse every item in the A–Z index instead.");
      });
  }

  // Draws a batch of results; a "Show more" button loads and draws the next, focusing its first
  // result so keyboard users carry on from there.
  function showBatch(ui, results, data, list, mine) {
    var from = list.children.length;
    data.forEach(function (d) { list.appendChild(resultItem(d, "h2")); });
    var next = from + data.length;
    if (next >= results.length) return;
    var button = ui.out.appendChild(el("button", "search-more", say("more", "Show more results ({n} more)", { n: results.length - next })));
    button.type = "button";
    button.addEventListener("click", function () {
      load(results, next, PAGE).then(function (more) {
        if (mine !== ui.seq) return;
        button.remove();
        showBatch(ui, results, more, list, mine);
        var first = list.children[next] && list.children[next].querySelector("a");
        if (first) first.focus();
      });
    });
  }

  // The header's box on every other page: a drop-down of the first results, and a link to all.
  function headerBox() {
    var input = byId("site-search");
    if (!input || !input.form || byId("search-page-input")) return;
    var form = input.form;
    var popup = el("div", "search-popup");
    popup.id = "site-search-popup";
    popup.hidden = true;
    var status = popup.appendChild(el("p", "search-popup-status"));
    status.setAttribute("role", "status");
    var hint = popup.appendChild(el("div"));
    var list = popup.appendChild(el("ol", "search-list"));
    var all = popup.appendChild(el("p", "search-popup-all")).appendChild(el("a"));
    // A real link from the start, to the search page, until a query gives it its own.
    all.href = root + "search/";
    all.textContent = say("page", "Search page");
    form.appendChild(popup);
    input.setAttribute("aria-controls", popup.id);
    var seq = 0;

    function close() {
      popup.hidden = true;
    }

    function run() {
      var q = input.value.trim();
      var mine = ++seq;
      if (!q) {
        close();
        return;
      }
      engine()
        .then(function (e) { return e.search(q); })
        .then(function (r) {
          return load(r.results, 0, firstBatch(q, r.results, POPUP)).then(function (data) {
            if (mine !== seq) return;
            list.textContent = "";
            hint.textContent = "";
            if (r.suggestion) hint.appendChild(suggestion(r.suggestion));
            exactFirst(q, data).slice(0, POPUP).forEach(function (d) { list.appendChild(resultItem(d, "p")); });
            all.href = root + "search/?q=" + encodeURIComponent(q);
            all.textContent = r.results.length > POPUP ? say("all", "All {n} results for “{q}”", { n: r.results.length, q: q }) : say("page_for", "Search page for “{q}”", { q: q });
            popup.hidden = false;
            status.textContent = r.results.length ? count(r.results.length) + say("choose", ". Press ↓ to choose one.") : say("none_for", "No results for “{q}”.", { q: q });
          });
        })
        .catch(function () {
          if (mine !== seq) return;
          list.textContent = "";
          hint.textContent = "";
          status.textContent = say("failed_short", "Search could not load.");
          all.href = root + "a-z/";
          all.textContent = say("browse", "Browse the A–Z index");
          popup.hidden = false;
        });
    }

    // Loading on focus hides the engine's start-up behind the typing of the first letters.
    input.addEventListener("focus", function () {
      engine().catch(function () {});
      if (input.value.trim() && popup.hidden) run();
    });
    input.addEventListener("input", debounce(run, 120));
    keyboard(input, popup, function (e) {
      if (!popup.hidden) {
        e.preventDefault();
        close();
        input.focus();
      }
    });
    form.addEventListener("focusout", function (e) {
      if (!form.contains(e.relatedTarget)) close();
    });
  }

  searchPage();
  headerBox();
})();
